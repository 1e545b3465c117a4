/// A read-only connection. WAL lets it read committed data while the writer writes; every query
/// is its own snapshot. Use it on ONE thread (the one that made it, e.g. a loop or the sender
/// thread); make one reader per thread that reads. Open the `StoreWriter` first: it migrates.
public final class StoreReader {
    private let database: SQLiteDatabase
    private let eventsAfter: Statement
    private let eventsBefore: Statement
    private let lastSeqOfVisit: Statement
    private let visitByID: Statement
    private let openVisitRows: Statement
    private let visitsOfPatient: Statement
    private let newestVisitsOfPatient: Statement
    private let visitsOfResponsible: Statement
    private let patientByID: Statement
    private let receiptsOfVisit: Statement
    private let auditOfPatient: Statement
    private let pending: Statement
    private let notificationByID: Statement

    private static let eventColumns = "visit_id, seq, at_ms, actor, kind, client_id, payload"
    private static let visitColumns = "visit_id, patient_id, unit_id, role, state, last_seq, snapshot, updated_ms, responsible_id"
    private static let notificationColumns =
        "id, created_ms, recipient, channel, template, payload, sent_ms, attempts, last_error"

    public init(path: String, busyTimeoutMilliseconds: Int = 5_000) throws(StoreError) {
        let database = try StoreDatabase.openReader(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        self.database = database
        func prepare(_ sql: String) throws(StoreError) -> Statement {
            try sqlite { () throws(SQLiteError) in try database.prepare(sql) }
        }
        eventsAfter = try prepare(
            "SELECT \(Self.eventColumns) FROM visit_events WHERE visit_id = ? AND seq > ? ORDER BY seq LIMIT ?")
        eventsBefore = try prepare(
            "SELECT \(Self.eventColumns) FROM visit_events WHERE visit_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?")
        lastSeqOfVisit = try prepare("SELECT coalesce(max(seq), 0) FROM visit_events WHERE visit_id = ?")
        visitByID = try prepare("SELECT \(Self.visitColumns) FROM visits WHERE visit_id = ?")
        // The literal 'closed' matches the partial index visits_open (and VisitProjection.closedState).
        openVisitRows = try prepare("SELECT \(Self.visitColumns) FROM visits WHERE state <> 'closed' ORDER BY visit_id")
        visitsOfPatient = try prepare(
            "SELECT \(Self.visitColumns) FROM visits WHERE patient_id = ? AND state <> 'closed' ORDER BY visit_id")
        // Rows are inserted when a visit is created, so rowid order is creation order.
        newestVisitsOfPatient = try prepare(
            "SELECT \(Self.visitColumns) FROM visits WHERE patient_id = ? ORDER BY rowid DESC LIMIT ?")
        // Open visits first, then the newest closed ones (the inbox's Ended tab), at most `limit`.
        visitsOfResponsible = try prepare("""
            SELECT \(Self.visitColumns) FROM visits WHERE responsible_id = ?
            ORDER BY state = 'closed', updated_ms DESC LIMIT ?
            """)
        patientByID = try prepare(
            "SELECT patient_id, name, personal_identity_number, updated_ms FROM patients WHERE patient_id = ?")
        receiptsOfVisit = try prepare(
            "SELECT visit_id, participant, up_to_seq, at_ms FROM read_receipts WHERE visit_id = ? ORDER BY participant")
        auditOfPatient = try prepare("""
            SELECT id, at_ms, actor, actor_kind, actor_unit, patient_id, visit_id, action, detail, actor_provider
            FROM audit_log WHERE patient_id = ? AND id > ? ORDER BY id LIMIT ?
            """)
        pending = try prepare(
            "SELECT \(Self.notificationColumns) FROM notification_outbox WHERE sent_ms IS NULL ORDER BY id LIMIT ?")
        notificationByID = try prepare("SELECT \(Self.notificationColumns) FROM notification_outbox WHERE id = ?")
    }

    public func close() { database.close() }

    /// Events with seq > `seq`, oldest first, at most `limit` (resume after a reconnect: if the
    /// page is full, ask again from its last seq).
    public func events(visitID: String, after seq: Int64, limit: Int = 1_000) throws(StoreError) -> [StoredEvent] {
        try sqlite { () throws(SQLiteError) in
            try eventsAfter.query([.text(visitID), .integer(seq), .integer(limit)], Self.event)
        }
    }

    /// The `limit` events just before `seq`, oldest first (history paged backwards: pass the
    /// first seq of the previous page; `Int64.max` for the newest page).
    public func events(visitID: String, before seq: Int64, limit: Int) throws(StoreError) -> [StoredEvent] {
        try sqlite { () throws(SQLiteError) in
            try eventsBefore.query([.text(visitID), .integer(seq), .integer(limit)], Self.event)
        }.reversed()
    }

    /// The last stored seq of a visit, 0 if it has no events.
    public func lastSeq(visitID: String) throws(StoreError) -> Int64 {
        try sqlite { () throws(SQLiteError) in try lastSeqOfVisit.query([.text(visitID)]) { $0.int64(0) } }.first ?? 0
    }

    public func visit(_ visitID: String) throws(StoreError) -> VisitProjection? {
        try sqlite { () throws(SQLiteError) in try visitByID.query([.text(visitID)], Self.projection) }.first
    }

    /// Projection rows of every visit that is not closed (start-up recovery, queue rebuilds).
    public func openVisits() throws(StoreError) -> [VisitProjection] {
        try sqlite { () throws(SQLiteError) in try openVisitRows.query([], Self.projection) }
    }

    /// A patient's visits that are not closed (what their apps show after a reconnect).
    public func openVisits(patientID: String) throws(StoreError) -> [VisitProjection] {
        try sqlite { () throws(SQLiteError) in try visitsOfPatient.query([.text(patientID)], Self.projection) }
    }

    /// A patient's most recently created visits, in any state, newest first, at most `limit`.
    public func newestVisits(patientID: String, limit: Int) throws(StoreError) -> [VisitProjection] {
        try sqlite { () throws(SQLiteError) in
            try newestVisitsOfPatient.query([.text(patientID), .integer(Int64(limit))], Self.projection)
        }
    }

    /// Visits a staff member holds: the open ones first, then the most recently closed, at most `limit`.
    public func visits(responsibleID: String, limit: Int = 200) throws(StoreError) -> [VisitProjection] {
        try sqlite { () throws(SQLiteError) in
            try visitsOfResponsible.query([.text(responsibleID), .integer(Int64(limit))], Self.projection)
        }
    }

    public func patient(_ patientID: String) throws(StoreError) -> PatientRecord? {
        try sqlite { () throws(SQLiteError) in
            try patientByID.query([.text(patientID)]) {
                PatientRecord(patientID: $0.text(0), name: $0.text(1), personalIdentityNumber: $0.text(2),
                              updatedMilliseconds: $0.int64(3))
            }
        }.first
    }

    public func readReceipts(visitID: String) throws(StoreError) -> [ReadReceipt] {
        try sqlite { () throws(SQLiteError) in
            try receiptsOfVisit.query([.text(visitID)]) {
                ReadReceipt(visitID: $0.text(0), participant: $0.text(1), upToSeq: $0.int64(2), atMilliseconds: $0.int64(3))
            }
        }
    }

    /// Audit records about one patient, oldest first, with id > `afterID` (ops and tests).
    public func auditRecords(patientID: String, afterID: Int64 = 0, limit: Int = 1_000) throws(StoreError) -> [AuditRecord] {
        try sqlite { () throws(SQLiteError) in
            try auditOfPatient.query([.text(patientID), .integer(afterID), .integer(limit)]) {
                AuditRecord(id: $0.int64(0), atMilliseconds: $0.int64(1), actor: $0.text(2), actorKind: $0.text(3),
                            actorUnit: $0.optionalText(4), patientID: $0.optionalText(5), visitID: $0.optionalText(6),
                            action: $0.text(7), detail: $0.optionalText(8), actorProvider: $0.optionalText(9))
            }
        }
    }

    /// Notifications not yet sent, oldest first.
    public func pendingNotifications(limit: Int = 100) throws(StoreError) -> [OutboxNotification] {
        try sqlite { () throws(SQLiteError) in try pending.query([.integer(limit)], Self.notification) }
    }

    public func notification(id: Int64) throws(StoreError) -> OutboxNotification? {
        try sqlite { () throws(SQLiteError) in try notificationByID.query([.integer(id)], Self.notification) }.first
    }

    private static func event(_ row: Statement) -> StoredEvent {
        StoredEvent(visitID: row.text(0), seq: row.int64(1), atMilliseconds: row.int64(2), actor: row.text(3),
                   kind: row.text(4), clientID: row.optionalText(5), payload: row.blob(6))
    }

    private static func projection(_ row: Statement) -> VisitProjection {
        VisitProjection(visitID: row.text(0), patientID: row.text(1), unitID: row.text(2), role: row.text(3),
                        state: row.text(4), responsibleID: row.optionalText(8), lastSeq: row.int64(5), snapshot: row.blob(6),
                        updatedMilliseconds: row.int64(7))
    }

    private static func notification(_ row: Statement) -> OutboxNotification {
        OutboxNotification(id: row.int64(0), createdMilliseconds: row.int64(1), recipient: row.text(2),
                           channel: row.text(3), template: row.text(4), payload: row.blob(5),
                           sentMilliseconds: row.optionalInt64(6), attempts: row.int(7), lastError: row.optionalText(8))
    }
}

@available(*, unavailable) extension StoreReader: Sendable {}
