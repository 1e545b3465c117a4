import Care

/// One write for the store behind the ports, in the domain's terms. Each write is applied
/// all-or-nothing; an implementation may commit many in one transaction (group commit).
public enum RecordWrite: Sendable {
    case append(VisitAppend)
    /// A participant's read mark (monotonic: a lower mark never replaces a higher one).
    case readMark(VisitID, ReadMark, at: Instant)
    case audit([AuditEntry])
    case enqueue(OutboxEntry)
    /// Inserts or refreshes a patient's register entry (name, personal identity number).
    case registerPatient(Patient, at: Instant)
    case markSent(notification: Int64, at: Instant)
    /// A failed send attempt: counted, its error kept; the entry stays pending.
    case recordFailure(notification: Int64, error: String)
}
