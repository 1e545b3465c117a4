import CSQLite

/// A failed SQLite call: the extended result code and the connection's message at the time.
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The extended result code (e.g. SQLITE_CONSTRAINT_UNIQUE); `primaryCode` masks it.
    public let code: Int32
    public let message: String
    /// What we were doing: the SQL text, or the call that failed.
    public let context: String

    public init(code: Int32, message: String, context: String) {
        self.code = code
        self.message = message
        self.context = context
    }

    public var primaryCode: Int32 { code & 0xff }
    public var isConstraintViolation: Bool { primaryCode == SQLITE_CONSTRAINT }

    public var description: String {
        "SQLite error \(code) (\(String(cString: sqlite3_errstr(code)))): \(message) [\(context)]"
    }
}
