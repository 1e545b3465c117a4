import CSQLite

/// One SQLite connection, opened `SQLITE_OPEN_NOMUTEX`: SQLite does no locking of its own, so a
/// connection and its statements must be used by one thread at a time. The store gives each
/// connection to exactly one thread (the writer thread, or the thread that made a reader).
public final class SQLiteDatabase {
    let handle: OpaquePointer
    private var isClosed = false

    public enum Mode: Sendable { case readWriteCreate, readOnly }

    /// Bytes SQLite holds over all connections (page caches, statements, schema): the part of
    /// the server's memory that grows with the database, up to the connections' cache sizes.
    public static var memoryUsed: Int { Int(sqlite3_memory_used()) }

    public init(path: String, mode: Mode = .readWriteCreate) throws(SQLiteError) {
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch mode {
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        }
        var pointer: OpaquePointer?
        let rc = sqlite3_open_v2(path, &pointer, flags, nil)
        guard rc == SQLITE_OK, let pointer else {
            // Even on failure SQLite usually hands back a handle holding the message; free it.
            let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(pointer)
            throw SQLiteError(code: rc, message: message, context: "open \(path)")
        }
        handle = pointer
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit { close() }

    /// Closes the connection. `close_v2` defers the real close until every statement is finalized,
    /// so a statement that outlives this call cannot touch freed memory.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows we need (DDL, pragmas, BEGIN/COMMIT).
    public func execute(_ sql: String) throws(SQLiteError) {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, sql) }
    }

    /// Compiles a statement. `persistent` tells SQLite it will be reused for the connection's life.
    public func prepare(_ sql: String, persistent: Bool = true) throws(SQLiteError) -> Statement {
        var statement: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let rc = sqlite3_prepare_v3(handle, sql, -1, flags, &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw error(rc, sql) }
        return Statement(statement, database: self, sql: sql)
    }

    /// The first column of the first row, as an integer (pragmas, counts); nil for no row or NULL.
    public func scalar(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) -> Int64? {
        let statement = try prepare(sql, persistent: false)
        return try statement.query(values) { $0.isNull(0) ? nil : $0.int64(0) }.first ?? nil
    }

    /// The first column of the first row, as text (e.g. `PRAGMA journal_mode=WAL` answers "wal").
    public func text(_ sql: String) throws(SQLiteError) -> String? {
        let statement = try prepare(sql, persistent: false)
        return try statement.query([]) { $0.isNull(0) ? nil : $0.text(0) }.first ?? nil
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    /// Rows changed by the most recent INSERT/UPDATE (an upsert whose WHERE refused counts 0).
    public var changes: Int { Int(sqlite3_changes(handle)) }
    /// False in autocommit mode: after an error SQLite may have rolled the whole transaction back.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    func error(_ rc: Int32, _ context: String) -> SQLiteError {
        SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)), context: context)
    }
}

@available(*, unavailable) extension SQLiteDatabase: Sendable {}
