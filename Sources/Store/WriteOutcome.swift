/// What a committed request did; handed to its completion after COMMIT returned OK.
public enum WriteOutcome: Sendable, Equatable {
    /// The events are stored with these seqs.
    case appended(visitID: String, seqs: ClosedRange<Int64>)
    /// The client id was already stored: nothing written; this is the seq of the original.
    case duplicate(visitID: String, originalSeq: Int64)
    /// The receipt now stored, which may be higher than the one requested (never lower).
    case receipt(upToSeq: Int64)
    /// Ids of the audit records, in request order (empty for an empty request).
    case audited(ids: [Int64])
    case notificationQueued(id: Int64)
    case notificationUpdated(id: Int64)
    case patientRegistered
}
