/// One unit of work for the writer thread. Each request is applied all-or-nothing; many
/// requests share one transaction (group commit).
public enum WriteRequest: Sendable, Equatable {
    case append(EventAppend)
    case readReceipt(ReadReceipt)
    case audit([AuditRecord])
    case enqueueNotification(OutboxNotification)
    /// Inserts or refreshes a patient's directory entry (name, personal identity number).
    case registerPatient(PatientRecord)
    case markNotificationSent(id: Int64, atMilliseconds: Int64)
    /// A failed send attempt: counts it and keeps the error; the row stays pending.
    case recordNotificationFailure(id: Int64, error: String)
}
