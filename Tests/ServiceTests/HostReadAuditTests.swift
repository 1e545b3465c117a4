import Care
import MemoryRecords
import Service
import Testing

/// Reads the host serves itself (queue and inbox snapshots) are audited through the desk's
/// commit path, like the desk's own reads: told only after the record commits, refused when the
/// store is busy, and the records of ended reads retried until the store takes them.
@Suite struct HostReadAuditTests {
    static func record(_ action: String, at now: Instant) -> AuditEntry {
        AuditTrail.record(action, by: People.nurse(1), unit: "vc-syd", patient: "anna", detail: "queue", at: now)
    }

    func actions(_ store: MemoryRecordStore) throws -> [String] {
        try store.makeReader().auditEntries(about: "anna", after: 0, limit: 100).map(\.action)
    }

    @Test func theHostHearsOfTheReadOnlyOnceItsRecordCommits() throws {
        let h = try MemoryDesk()
        #expect(h.desk.auditRead(Self.record("queue.subscribe", at: h.now), token: 7))
        #expect(h.recorder.outcomes.isEmpty && h.store.queued == 1)
        #expect(try actions(h.store).isEmpty)
        h.settle()
        #expect(h.recorder.take() == [.readAudited(token: 7, durable: true)])
        #expect(try actions(h.store) == ["queue.subscribe"])
    }

    @Test func aFailedRecordRefusesTheRead() throws {
        let h = try MemoryDesk()
        #expect(h.desk.auditRead(Self.record("inbox.subscribe", at: h.now), token: 8))
        h.settle(failing: true)
        #expect(h.recorder.take() == [.readAudited(token: 8, durable: false)])
        #expect(try actions(h.store).isEmpty)
    }

    @Test func aBusyStoreRefusesTheReadAtOnce() throws {
        let h = try MemoryDesk(store: MemoryRecordStore(queueLimit: 1))
        #expect(h.desk.auditRead(Self.record("queue.subscribe", at: h.now), token: 1))
        #expect(!h.desk.auditRead(Self.record("queue.subscribe", at: h.now), token: 2))
        #expect(h.desk.writesInFlight == 1)
        h.settle()
        #expect(h.recorder.take() == [.readAudited(token: 1, durable: true)])  // nothing for token 2
    }

    @Test func theRecordOfAnEndedReadIsRetriedUntilTheStoreTakesIt() throws {
        let h = try MemoryDesk(store: MemoryRecordStore(queueLimit: 1))
        #expect(h.desk.auditRead(Self.record("queue.subscribe", at: h.now), token: 1))
        h.desk.audit([Self.record("queue.unsubscribe", at: h.now)], now: h.now)  // busy: kept
        #expect(h.store.queued == 1)
        let retry = try #require(h.desk.nextDeadline())
        #expect(retry > h.now)
        h.settle()
        #expect(try actions(h.store) == ["queue.subscribe"])
        h.now = retry
        h.desk.expire(now: h.now)
        h.settle()
        #expect(try actions(h.store) == ["queue.subscribe", "queue.unsubscribe"])
        #expect(h.desk.nextDeadline() == nil)
    }
}
