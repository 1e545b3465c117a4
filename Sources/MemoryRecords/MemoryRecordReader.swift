import Care
import Service

/// Reads of the memory store's committed records (what `commit()` applied), never of writes
/// still queued: the same view an SQLite reader has of the last commit.
struct MemoryRecordReader: RecordReader {
    let store: MemoryRecordStore

    func events(of visit: VisitID, after seq: UInt64, limit: Int) throws(RecordError) -> [LoggedEvent] {
        store.read { Array(($0.visits[visit]?.log ?? []).lazy.filter { $0.event.seq > seq }.prefix(limit)) }
    }

    func events(of visit: VisitID, before seq: UInt64, limit: Int) throws(RecordError) -> [LoggedEvent] {
        store.read { Array(($0.visits[visit]?.log ?? []).filter { $0.event.seq < seq }.suffix(limit)) }
    }

    func summary(of visit: VisitID) throws(RecordError) -> VisitSummary? {
        store.read { $0.visits[visit].map { VisitSummary($0.state) } }
    }

    func openVisits() throws(RecordError) -> [VisitSummary] {
        store.read { records in open(records.visits.values.map { VisitSummary($0.state) }) }
    }

    func openVisits(of patient: PatientID) throws(RecordError) -> [VisitSummary] {
        try openVisits().filter { $0.patient == patient }
    }

    func arrivals(of patient: PatientID, newest limit: Int) throws(RecordError) -> [Instant] {
        store.read { records in
            records.visits.values.map(\.state).filter { $0.patient == patient }
                .sorted { ($0.arrivedAt, $0.id) > ($1.arrivedAt, $1.id) }.prefix(limit).map(\.arrivedAt)
        }
    }

    func visits(heldBy staff: StaffID, limit: Int) throws(RecordError) -> [Visit] {
        store.read { records in
            let held = records.visits.values.filter { $0.state.responsible?.id == staff }
            // Open first, then the most recently updated (as the SQLite store orders them).
            return held.sorted {
                let closed = ($0.state.state == .closed, $1.state.state == .closed)
                if closed.0 != closed.1 { return !closed.0 }
                if $0.updated != $1.updated { return $0.updated > $1.updated }
                return $0.state.id < $1.state.id
            }.prefix(limit).map(\.state)
        }
    }

    func readMarks(of visit: VisitID) throws(RecordError) -> [ReadMark] {
        store.read { records in
            guard let visit = records.visits[visit] else { return [] }
            return visit.readers.map { ReadMark(reader: $0, upTo: visit.marks[$0] ?? 0) }
        }
    }

    func patient(_ id: PatientID) throws(RecordError) -> Patient? { store.read { $0.patients[id] } }

    func auditEntries(about patient: PatientID, after afterID: Int64, limit: Int) throws(RecordError) -> [AuditEntry] {
        store.read { Array($0.audit.lazy.filter { $0.patient == patient && ($0.id ?? 0) > afterID }.prefix(limit)) }
    }

    func pendingNotifications(limit: Int) throws(RecordError) -> [OutboxEntry] {
        store.read { Array($0.outbox.lazy.filter { $0.sent == nil }.prefix(limit)) }
    }

    func notification(_ id: Int64) throws(RecordError) -> OutboxEntry? {
        store.read { records in records.outbox.first { $0.id == id } }
    }

    func close() {}

    private func open(_ summaries: [VisitSummary]) -> [VisitSummary] {
        summaries.filter { $0.phase != .closed }.sorted { $0.id < $1.id }
    }
}
