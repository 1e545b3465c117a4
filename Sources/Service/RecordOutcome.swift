import Care

/// What a committed write did; handed to its completion only after the commit.
public enum RecordOutcome: Sendable, Equatable {
    /// The events are stored with these seqs.
    case appended(VisitID, seqs: ClosedRange<UInt64>)
    /// A client message id of the append was already stored (within the idempotency window):
    /// nothing was written; this is the original's seq.
    case duplicate(VisitID, originalSeq: UInt64)
    /// The mark now stored, which may be higher than the one written (never lower).
    case readMark(upTo: UInt64)
    /// Ids of the audit entries, in order.
    case audited(ids: [Int64])
    case enqueued(id: Int64)
    case notificationUpdated(id: Int64)
    case patientRegistered
}
