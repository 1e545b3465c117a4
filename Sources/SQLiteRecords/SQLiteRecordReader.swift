import Care
import Service
import Store

/// A thread's read connection, answering in the domain's terms. WAL gives every query a
/// snapshot of the last commit, so a read never waits for the writer's transaction.
public final class SQLiteRecordReader: RecordReader {
    private let reader: StoreReader
    private let coding = LogCoding()

    public init(path: String) throws(RecordError) {
        do {
            reader = try StoreReader(path: path)
        } catch {
            throw LogCoding.error(error)
        }
    }

    public func close() { reader.close() }

    public func events(of visit: VisitID, after seq: UInt64, limit: Int) throws(RecordError) -> [LoggedEvent] {
        let rows = try read { () throws(StoreError) in try reader.events(visitID: visit.rawValue, after: Int64(clamping: seq), limit: limit) }
        return try logged(rows)
    }

    public func events(of visit: VisitID, before seq: UInt64, limit: Int) throws(RecordError) -> [LoggedEvent] {
        let rows = try read { () throws(StoreError) in
            try reader.events(visitID: visit.rawValue, before: Int64(clamping: seq), limit: limit)
        }
        return try logged(rows)
    }

    public func summary(of visit: VisitID) throws(RecordError) -> VisitSummary? {
        try read { () throws(StoreError) in try reader.visit(visit.rawValue) }.map(LogCoding.summary)
    }

    public func openVisits() throws(RecordError) -> [VisitSummary] {
        try read { () throws(StoreError) in try reader.openVisits() }.map(LogCoding.summary)
    }

    public func openVisits(of patient: PatientID) throws(RecordError) -> [VisitSummary] {
        try read { () throws(StoreError) in try reader.openVisits(patientID: patient.rawValue) }.map(LogCoding.summary)
    }

    /// Rows whose snapshot does not decode are left out.
    public func arrivals(of patient: PatientID, newest limit: Int) throws(RecordError) -> [Instant] {
        try read { () throws(StoreError) in try reader.newestVisits(patientID: patient.rawValue, limit: limit) }
            .compactMap { try? coding.visit($0).arrivedAt }
    }

    /// Rows whose snapshot does not decode are left out (a damaged row must not hide the others).
    public func visits(heldBy staff: StaffID, limit: Int) throws(RecordError) -> [Visit] {
        try read { () throws(StoreError) in try reader.visits(responsibleID: staff.rawValue, limit: limit) }
            .compactMap { try? coding.visit($0) }
    }

    /// Marks by a participant the log does not name are left out.
    public func readMarks(of visit: VisitID) throws(RecordError) -> [ReadMark] {
        try read { () throws(StoreError) in try reader.readReceipts(visitID: visit.rawValue) }.compactMap { row in
            LogCodec.actor(key: row.participant).map { ReadMark(reader: $0, upTo: UInt64(clamping: row.upToSeq)) }
        }
    }

    public func patient(_ id: PatientID) throws(RecordError) -> Patient? {
        try read { () throws(StoreError) in try reader.patient(id.rawValue) }.map {
            Patient(id: id, displayName: $0.name, personalIdentityNumber: $0.personalIdentityNumber)
        }
    }

    public func auditEntries(about patient: PatientID, after afterID: Int64, limit: Int) throws(RecordError) -> [AuditEntry] {
        try read { () throws(StoreError) in try reader.auditRecords(patientID: patient.rawValue, afterID: afterID, limit: limit) }
            .map(LogCoding.entry)
    }

    public func pendingNotifications(limit: Int) throws(RecordError) -> [OutboxEntry] {
        try read { () throws(StoreError) in try reader.pendingNotifications(limit: limit) }.map(LogCoding.entry)
    }

    public func notification(_ id: Int64) throws(RecordError) -> OutboxEntry? {
        try read { () throws(StoreError) in try reader.notification(id: id) }.map(LogCoding.entry)
    }

    private func logged(_ rows: [StoredEvent]) throws(RecordError) -> [LoggedEvent] {
        var events: [LoggedEvent] = []
        events.reserveCapacity(rows.count)
        for row in rows { events.append(try coding.event(row)) }
        return events
    }

    private func read<T>(_ body: () throws(StoreError) -> T) throws(RecordError) -> T {
        do {
            return try body()
        } catch {
            throw LogCoding.error(error)
        }
    }
}

@available(*, unavailable) extension SQLiteRecordReader: Sendable {}
