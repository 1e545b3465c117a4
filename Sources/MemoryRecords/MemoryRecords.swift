import Care
import Service

/// Everything the memory store holds once committed, and how one write changes it. A write
/// checks before it changes anything, so a refused write leaves no trace (the SQLite store's
/// savepoint per request).
struct MemoryRecords {
    /// Client ids per visit a resend is checked against (docs/protocol.md, as the SQLite store).
    static let idempotencyWindow = 256

    var visits: [VisitID: MemoryVisit] = [:]
    var patients: [PatientID: Patient] = [:]
    var audit: [AuditEntry] = []
    var outbox: [OutboxEntry] = []

    mutating func apply(_ write: RecordWrite) throws(RecordError) -> RecordOutcome {
        switch write {
        case .append(let append): return try self.append(append)
        case .readMark(let visit, let mark, let at): return try self.mark(visit, mark, at: at)
        case .audit(let entries):
            let first = Int64(audit.count) + 1
            audit += entries.enumerated().map { var entry = $0.element; entry.id = first + Int64($0.offset); return entry }
            return .audited(ids: entries.indices.map { first + Int64($0) })
        case .enqueue(let entry): return .enqueued(id: enqueue(entry))
        case .registerPatient(let patient, _):
            patients[patient.id] = patient
            return .patientRegistered
        case .markSent(let id, let at):
            let index = try notificationIndex(id)
            if outbox[index].sent == nil {  // a repeated mark is not an error, and counts nothing
                outbox[index].sent = at
                outbox[index].attempts += 1
            }
            return .notificationUpdated(id: id)
        case .recordFailure(let id, let error):
            let index = try notificationIndex(id)
            outbox[index].attempts += 1
            outbox[index].lastError = error
            return .notificationUpdated(id: id)
        }
    }

    private mutating func append(_ append: VisitAppend) throws(RecordError) -> RecordOutcome {
        let id = append.visit
        guard let first = append.events.first else { throw .invalid("no events") }
        for (offset, event) in append.events.enumerated() {
            if event.visit != id { throw .invalid("event for visit \(event.visit) in an append for \(id)") }
            if event.seq != first.seq + UInt64(offset) { throw .invalid("seqs in one append must be consecutive") }
        }
        if let state = append.state, state.id != id { throw .invalid("state of another visit") }
        let known = visits[id]
        if known == nil && append.state == nil { throw .unknownVisit(id) }
        var clientIDs: [(Party, ClientMessageID)] = []
        for event in append.events {
            guard case .message(let clientID?, _) = event.body else { continue }
            if let original = known?.original(of: event.actor, clientID, window: Self.idempotencyWindow) {
                return .duplicate(id, originalSeq: original)
            }
            if clientIDs.contains(where: { $0 == (event.actor, clientID) }) {
                throw .invalid("client id \(clientID) twice in one append")
            }
            clientIDs.append((event.actor, clientID))
        }
        let expected = (known?.lastSeq ?? 0) + 1
        guard first.seq == expected else { throw .sequenceGap(id, expected: expected, got: first.seq) }
        // The size the SQLite log would give it (its payload), so paging by bytes agrees.
        let logged = append.events.map { LoggedEvent($0, bytes: LogCodec.record($0).payload.count) }
        var visit = known ?? MemoryVisit(state: append.state!, updated: append.at)
        if let state = append.state {
            visit.state = state
            visit.updated = append.at
        }
        visit.log += logged
        visits[id] = visit
        for notification in append.notifications { _ = enqueue(notification) }
        return .appended(id, seqs: first.seq...append.events[append.events.count - 1].seq)
    }

    private mutating func mark(_ id: VisitID, _ mark: ReadMark, at: Instant) throws(RecordError) -> RecordOutcome {
        guard var visit = visits[id] else { throw .unknownVisit(id) }
        guard visit.lastSeq > 0 else { throw .invalid("read mark for visit \(id), which has no events") }
        guard mark.upTo >= 1, mark.upTo <= visit.lastSeq else {
            throw .invalid("read mark up to \(mark.upTo), visit \(id) ends at \(visit.lastSeq)")
        }
        if visit.marks[mark.reader] == nil { visit.readers.append(mark.reader) }
        let stored = max(visit.marks[mark.reader] ?? 0, mark.upTo)
        visit.marks[mark.reader] = stored
        visits[id] = visit
        return .readMark(upTo: stored)
    }

    private mutating func enqueue(_ entry: OutboxEntry) -> Int64 {
        var entry = entry
        let id = Int64(outbox.count) + 1
        entry.id = id
        entry.sent = nil
        entry.attempts = 0
        entry.lastError = nil
        outbox.append(entry)
        return id
    }

    private func notificationIndex(_ id: Int64) throws(RecordError) -> Int {
        guard id >= 1, id <= Int64(outbox.count) else { throw .unknownNotification(id) }
        return Int(id - 1)
    }
}
