import CSQLite

/// A prepared statement. Always reset after use (`run`/`query` do it): a statement left mid-step
/// keeps its read snapshot open, which in WAL mode pins old pages and stalls checkpoints.
public final class Statement {
    private let handle: OpaquePointer
    // Keeps the connection alive (and open) for as long as the statement exists.
    private let database: SQLiteDatabase
    let sql: String

    init(_ handle: OpaquePointer, database: SQLiteDatabase, sql: String) {
        self.handle = handle
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds values to parameters 1...n in order.
    public func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .integer(let number):
                rc = sqlite3_bind_int64(handle, index, number)
            case .text(let string):
                rc = string.withCString { sqlite3_bind_text(handle, index, $0, Int32(string.utf8.count), cw_sqlite_transient()) }
            case .blob(let bytes) where bytes.isEmpty:
                // bind_blob with a nil pointer would store NULL; an empty payload is not NULL.
                rc = sqlite3_bind_zeroblob(handle, index, 0)
            case .blob(let bytes):
                rc = bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), cw_sqlite_transient()) }
            case .null:
                rc = sqlite3_bind_null(handle, index)
            }
            guard rc == SQLITE_OK else { throw database.error(rc, "bind \(index): \(sql)") }
        }
    }

    /// Advances one row: true when a row is available, false when done.
    public func step() throws(SQLiteError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let rc: throw database.error(rc, sql)
        }
    }

    /// Resets to run again and clears bindings. Errors are ignored: `step` already reported them.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds, steps to completion, resets.
    public func run(_ values: [SQLiteValue] = []) throws(SQLiteError) {
        defer { reset() }
        try bind(values)
        while try step() {}
    }

    /// Binds, maps every row, resets.
    public func query<Row>(_ values: [SQLiteValue] = [], _ row: (Statement) throws(SQLiteError) -> Row) throws(SQLiteError) -> [Row] {
        defer { reset() }
        try bind(values)
        var rows: [Row] = []
        while try step() { rows.append(try row(self)) }
        return rows
    }

    // Column readers, valid between a `step()` that returned true and the next step/reset.
    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    public func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    public func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    public func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
    public func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    public func blob(_ column: Int32) -> [UInt8] {
        // column_blob first, then column_bytes: the documented order for a stable length.
        guard let bytes = sqlite3_column_blob(handle, column) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, column))
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }
}

@available(*, unavailable) extension Statement: Sendable {}
