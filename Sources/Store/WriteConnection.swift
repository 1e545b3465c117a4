import CSQLite
import Posix

/// The writer thread's connection and its prepared statements. Applies one drained batch in one
/// transaction: a SAVEPOINT per request, so a failing request rolls back alone.
final class WriteConnection {
    let database: SQLiteDatabase
    private let begin: Statement
    private let commit: Statement
    private let rollback: Statement
    private let savepoint: Statement
    private let release: Statement
    private let rollbackToSavepoint: Statement
    let lastSeq: Statement
    let findClientID: Statement
    let clientIDsOfVisit: Statement
    let visitExists: Statement
    let upsertProjection: Statement
    let insertEvent: Statement
    let upsertReceipt: Statement
    let selectReceipt: Statement
    let insertAudit: Statement
    let insertNotification: Statement
    let markSent: Statement
    let recordFailure: Statement
    let notificationExists: Statement
    let upsertPatient: Statement
    let ledger: VisitLedger
    private var commitVeto: CommitVeto?

    /// `commitVeto` (tests only) turns COMMIT into a failure whenever it returns true.
    init(database: SQLiteDatabase, ledgerCapacity: Int = 500_000, commitVeto: (@Sendable () -> Bool)? = nil) throws(StoreError) {
        self.database = database
        ledger = VisitLedger(capacity: ledgerCapacity)
        func prepare(_ sql: String) throws(StoreError) -> Statement {
            try sqlite { () throws(SQLiteError) in try database.prepare(sql) }
        }
        // IMMEDIATE takes the write lock up front: a deferred transaction that reads first and
        // writes later can fail with SQLITE_BUSY without the busy handler ever running.
        begin = try prepare("BEGIN IMMEDIATE")
        commit = try prepare("COMMIT")
        rollback = try prepare("ROLLBACK")
        savepoint = try prepare("SAVEPOINT request")
        release = try prepare("RELEASE request")
        rollbackToSavepoint = try prepare("ROLLBACK TO request")
        lastSeq = try prepare("SELECT max(seq) FROM visit_events WHERE visit_id = ?")
        // Both read only the visit's newest events through the (visit, seq) key, never its whole log.
        findClientID = try prepare("SELECT seq FROM visit_events WHERE visit_id = ? AND seq >= ? AND actor = ? AND client_id = ?")
        clientIDsOfVisit = try prepare("""
            SELECT actor, client_id, seq FROM visit_events WHERE visit_id = ? AND client_id IS NOT NULL ORDER BY seq DESC LIMIT ?
            """)
        visitExists = try prepare("SELECT 1 FROM visits WHERE visit_id = ?")
        upsertProjection = try prepare("""
            INSERT INTO visits (visit_id, patient_id, unit_id, role, state, last_seq, snapshot, updated_ms, responsible_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (visit_id) DO UPDATE SET patient_id = excluded.patient_id, unit_id = excluded.unit_id,
                role = excluded.role, state = excluded.state, last_seq = excluded.last_seq,
                snapshot = excluded.snapshot, updated_ms = excluded.updated_ms, responsible_id = excluded.responsible_id
            """)
        insertEvent = try prepare("""
            INSERT INTO visit_events (visit_id, seq, at_ms, actor, kind, client_id, payload) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        upsertPatient = try prepare("""
            INSERT INTO patients (patient_id, name, personal_identity_number, updated_ms) VALUES (?, ?, ?, ?)
            ON CONFLICT (patient_id) DO UPDATE SET name = excluded.name,
                personal_identity_number = excluded.personal_identity_number, updated_ms = excluded.updated_ms
                WHERE excluded.name <> patients.name OR excluded.personal_identity_number <> patients.personal_identity_number
            """)
        upsertReceipt = try prepare("""
            INSERT INTO read_receipts (visit_id, participant, up_to_seq, at_ms) VALUES (?, ?, ?, ?)
            ON CONFLICT (visit_id, participant) DO UPDATE SET up_to_seq = excluded.up_to_seq, at_ms = excluded.at_ms
                WHERE excluded.up_to_seq > read_receipts.up_to_seq
            """)
        selectReceipt = try prepare("SELECT up_to_seq FROM read_receipts WHERE visit_id = ? AND participant = ?")
        insertAudit = try prepare("""
            INSERT INTO audit_log (at_ms, actor, actor_kind, actor_unit, patient_id, visit_id, action, detail, actor_provider)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertNotification = try prepare("""
            INSERT INTO notification_outbox (created_ms, recipient, channel, template, payload) VALUES (?, ?, ?, ?, ?)
            """)
        markSent = try prepare("""
            UPDATE notification_outbox SET sent_ms = ?, attempts = attempts + 1 WHERE id = ? AND sent_ms IS NULL
            """)
        recordFailure = try prepare("UPDATE notification_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?")
        notificationExists = try prepare("SELECT 1 FROM notification_outbox WHERE id = ?")
        if let commitVeto { self.commitVeto = CommitVeto(database: database, veto: commitVeto) }
    }

    func close() {
        commitVeto = nil
        database.close()
    }

    /// Applies `requests` in one transaction. Results are in request order and valid only once
    /// this returns: if the transaction fails (BEGIN, COMMIT, or SQLite rolled it back), every
    /// request carries that error and `committed` is false (none may be acked).
    /// `commitNanoseconds` is the time COMMIT itself took (the WAL write and its fsync).
    func apply(_ requests: [WriteRequest]) -> BatchResult {
        func failAll(_ error: StoreError) -> BatchResult {
            if database.isInTransaction { try? rollback.run() }
            ledger.forget()
            return BatchResult(results: Array(repeating: .failure(error), count: requests.count), committed: false)
        }
        do { try begin.run() } catch { return failAll(.database(error)) }
        var results: [Result<WriteOutcome, StoreError>] = []
        results.reserveCapacity(requests.count)
        for request in requests {
            do {
                try sqlite { () throws(SQLiteError) in try savepoint.run() }
                let outcome = try perform(request)
                // The ledger already counts this request: if its savepoint cannot be released,
                // nothing of the batch can be trusted.
                do { try release.run() } catch { return failAll(.database(error)) }
                results.append(.success(outcome))
            } catch {
                // After an I/O error or a full disk SQLite may have rolled back the whole
                // transaction: then the earlier requests of this batch are gone too.
                guard database.isInTransaction else { return failAll(error) }
                do {
                    try rollbackToSavepoint.run()
                    try release.run()
                } catch {
                    return failAll(.database(error))
                }
                results.append(.failure(error))
            }
        }
        let commitStarted = ProcessResources.monotonicNanoseconds()
        do { try commit.run() } catch { return failAll(.database(error)) }
        ledger.trim()
        return BatchResult(results: results, committed: true,
                           commitNanoseconds: ProcessResources.monotonicNanoseconds() - commitStarted)
    }
}

struct BatchResult {
    var results: [Result<WriteOutcome, StoreError>]
    var committed: Bool
    var commitNanoseconds: UInt64 = 0
}

@available(*, unavailable) extension WriteConnection: Sendable {}

/// A commit hook for tests: SQLite turns COMMIT into a rollback when the hook returns non-zero.
private final class CommitVeto {
    private let database: SQLiteDatabase
    private let box: Unmanaged<Box>

    private final class Box {
        let veto: @Sendable () -> Bool
        init(_ veto: @escaping @Sendable () -> Bool) { self.veto = veto }
    }

    init(database: SQLiteDatabase, veto: @escaping @Sendable () -> Bool) {
        self.database = database
        box = Unmanaged.passRetained(Box(veto))
        sqlite3_commit_hook(database.handle, { context in
            Unmanaged<Box>.fromOpaque(context!).takeUnretainedValue().veto() ? 1 : 0
        }, box.toOpaque())
    }

    deinit {
        sqlite3_commit_hook(database.handle, nil, nil)
        box.release()
    }
}
