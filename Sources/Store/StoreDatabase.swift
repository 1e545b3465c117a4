/// Opens the store's SQLite file with the pragmas its guarantees depend on.
enum StoreDatabase {
    /// Fsync of the WAL on every COMMIT (`synchronous=FULL`): an acked message survives a power
    /// cut, not only a process crash. The `Checkpointer` thread copies the WAL back every 200 ms;
    /// the writer checkpoints itself only past ~40 MiB of WAL (10,000 pages), a backstop. The WAL
    /// file is truncated back to 64 MiB after a checkpoint so a burst does not keep its size.
    /// A 64 MiB page cache keeps the indexes of hundreds of active visits in memory (the 2 MiB
    /// default re-read them from the OS on every transaction under the clinic load).
    static func openWriter(path: String, busyTimeoutMilliseconds: Int = 5000) throws(StoreError) -> SQLiteDatabase {
        let database = try sqlite { () throws(SQLiteError) in try SQLiteDatabase(path: path) }
        let mode = try sqlite { () throws(SQLiteError) in try database.text("PRAGMA journal_mode=WAL") } ?? ""
        guard mode.lowercased() == "wal" else { throw .notWAL(journalMode: mode) }
        try sqlite { () throws(SQLiteError) in
            try database.execute("""
                PRAGMA synchronous=FULL;
                PRAGMA foreign_keys=ON;
                PRAGMA busy_timeout=\(busyTimeoutMilliseconds);
                PRAGMA wal_autocheckpoint=10000;
                PRAGMA journal_size_limit=67108864;
                PRAGMA temp_store=MEMORY;
                PRAGMA cache_size=-65536;
                """)
        }
        try Schema.migrate(database)
        return database
    }

    /// A read-only connection. It never migrates: it expects the writer to have done so.
    static func openReader(path: String, busyTimeoutMilliseconds: Int = 5000) throws(StoreError) -> SQLiteDatabase {
        let database = try sqlite { () throws(SQLiteError) in try SQLiteDatabase(path: path, mode: .readOnly) }
        try sqlite { () throws(SQLiteError) in
            try database.execute("PRAGMA busy_timeout=\(busyTimeoutMilliseconds); PRAGMA query_only=ON;")
        }
        let found = try Schema.version(of: database)
        guard found <= Schema.latestVersion else { throw .schemaTooNew(found: found, supported: Schema.latestVersion) }
        guard found == Schema.latestVersion else { throw .schemaOutdated(found: found, expected: Schema.latestVersion) }
        return database
    }
}
