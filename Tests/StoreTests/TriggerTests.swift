import TestSupport
import Testing
@testable import Store

/// Defence in depth: even SQL that bypasses the writer cannot rewrite or delete history.
@Suite struct TriggerTests {
    static func populatedDatabase(_ directory: TemporaryDirectory) throws -> SQLiteDatabase {
        let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        #expect(writer.write(Fixture.append("v1", 1)) == .success(.appended(visitID: "v1", seqs: 1...1)))
        #expect(writer.write(.readReceipt(ReadReceipt(visitID: "v1", participant: "nurse-1", upToSeq: 1, atMilliseconds: 5)))
            == .success(.receipt(upToSeq: 1)))
        let audit = AuditRecord(atMilliseconds: 1, actor: "nurse-1", actorKind: "staff", actorUnit: "unit-vc",
                                patientID: "patient-1", visitID: "v1", action: "visit.open")
        #expect(writer.write(.audit([audit])) == .success(.audited(ids: [1])))
        writer.stop()
        return try StoreDatabase.openWriter(path: directory.databasePath)
    }

    static func refusal(_ database: SQLiteDatabase, _ sql: String) -> String? {
        do {
            try database.execute(sql)
            return nil
        } catch {
            return error.message
        }
    }

    @Test(arguments: [
        ("UPDATE visit_events SET payload = x'00'", "visit_events is append-only"),
        ("DELETE FROM visit_events", "visit_events is append-only"),
        ("UPDATE audit_log SET actor = 'someone else'", "audit_log is append-only"),
        ("DELETE FROM audit_log", "audit_log is append-only"),
        ("DELETE FROM visits", "visits are kept 10 years"),
        ("UPDATE visits SET last_seq = 0", "visits.last_seq never decreases"),
        ("DELETE FROM read_receipts", "read receipts are kept 10 years"),
        ("UPDATE read_receipts SET up_to_seq = 0", "read receipts never move backwards"),
        ("INSERT INTO visit_events VALUES ('v1', 3, 0, 'a', 'message', NULL, x'')", "visit_events: sequence gap"),
    ])
    func historyCannotBeRewritten(sql: String, message: String) throws {
        let directory = TemporaryDirectory()
        let database = try Self.populatedDatabase(directory)
        #expect(Self.refusal(database, sql) == message)
    }

    @Test func outboxRowsAreNeverDeleted() throws {
        let directory = TemporaryDirectory()
        let database = try Self.populatedDatabase(directory)
        try database.execute("INSERT INTO notification_outbox (created_ms, recipient, channel, template, payload) VALUES (1, 'p', 'sms', 't', x'')")
        #expect(Self.refusal(database, "DELETE FROM notification_outbox") == "notifications are marked sent, never deleted")
        #expect(Self.refusal(database, "UPDATE notification_outbox SET sent_ms = 2") == nil)
    }
}
