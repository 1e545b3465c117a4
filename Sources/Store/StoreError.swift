/// Why a store operation failed. Per-request errors (`sequenceGap`, `unknownVisit`, …) fail only
/// that request; `database` from BEGIN or COMMIT fails every request of the batch.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An append whose first seq is not the visit's last stored seq + 1.
    case sequenceGap(visitID: String, expected: Int64, got: Int64)
    /// An append without a projection row for a visit the store has never seen.
    case unknownVisit(String)
    case unknownNotification(Int64)
    /// A request that contradicts itself (empty, mixed visits, non-consecutive seqs).
    case invalidRequest(String)
    /// The file was written by newer code: refuse rather than misread or "upgrade" it.
    case schemaTooNew(found: Int, supported: Int)
    /// A reader opened a file the writer has not migrated (yet).
    case schemaOutdated(found: Int, expected: Int)
    /// `journal_mode=WAL` did not take (e.g. a network filesystem); durability assumptions fail.
    case notWAL(journalMode: String)
    /// Another process writes this database (its writer lock file is held): two writers would
    /// each believe they own the visits.
    case heldByAnotherWriter(lockPath: String)
    /// The writer lock file could not be opened or locked.
    case lockFailed(String)
    case database(SQLiteError)

    public var description: String {
        switch self {
        case .sequenceGap(let visit, let expected, let got):
            "sequence gap in visit \(visit): expected seq \(expected), got \(got)"
        case .unknownVisit(let visit): "unknown visit \(visit): the first append needs a projection row"
        case .unknownNotification(let id): "unknown notification \(id)"
        case .invalidRequest(let reason): "invalid request: \(reason)"
        case .schemaTooNew(let found, let supported):
            "database schema version \(found) is newer than this build supports (\(supported)); refusing to open it"
        case .schemaOutdated(let found, let expected):
            "database schema version \(found), expected \(expected): open the writer first (it migrates)"
        case .notWAL(let mode): "journal_mode is \(mode), not wal"
        case .heldByAnotherWriter(let path): "another process writes this database (\(path) is locked)"
        case .lockFailed(let reason): "cannot lock the database for writing: \(reason)"
        case .database(let error): error.description
        }
    }
}

/// Runs SQLite calls inside a function that throws `StoreError`.
@inline(__always)
func sqlite<T>(_ body: () throws(SQLiteError) -> T) throws(StoreError) -> T {
    do { return try body() } catch { throw .database(error) }
}
