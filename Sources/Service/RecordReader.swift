import Care

/// The read port: committed records only. Synchronous on purpose (a desk replays a visit inside
/// one loop turn); an implementation must answer from committed state without waiting for the
/// writer. One reader per thread: make one with `RecordStore.makeReader()` on each.
public protocol RecordReader {
    /// Events with seq > `seq`, oldest first, at most `limit` (page on from the last seq).
    func events(of visit: VisitID, after seq: UInt64, limit: Int) throws(RecordError) -> [LoggedEvent]
    /// The `limit` events just before `seq`, oldest first (history paged backwards).
    func events(of visit: VisitID, before seq: UInt64, limit: Int) throws(RecordError) -> [LoggedEvent]
    /// The visit's stored summary; nil if the store has never seen it.
    func summary(of visit: VisitID) throws(RecordError) -> VisitSummary?
    /// Every visit that is not closed (start-up recovery), by id.
    func openVisits() throws(RecordError) -> [VisitSummary]
    /// A patient's visits that are not closed, by id.
    func openVisits(of patient: PatientID) throws(RecordError) -> [VisitSummary]
    /// When the patient's most recently created visits arrived (any state), newest first, at most
    /// `limit`: the intake's count of the last hour survives a restart.
    func arrivals(of patient: PatientID, newest limit: Int) throws(RecordError) -> [Instant]
    /// The stored state of the visits a staff member holds (any care provider): the open ones
    /// first, then the most recently closed, at most `limit`.
    func visits(heldBy staff: StaffID, limit: Int) throws(RecordError) -> [Visit]
    func readMarks(of visit: VisitID) throws(RecordError) -> [ReadMark]
    func patient(_ id: PatientID) throws(RecordError) -> Patient?
    /// Audit entries about one patient, oldest first, with id > `afterID`.
    func auditEntries(about patient: PatientID, after afterID: Int64, limit: Int) throws(RecordError) -> [AuditEntry]
    /// Notifications not yet sent, oldest first.
    func pendingNotifications(limit: Int) throws(RecordError) -> [OutboxEntry]
    func notification(_ id: Int64) throws(RecordError) -> OutboxEntry?
    func close()
}
