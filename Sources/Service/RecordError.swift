import Care

/// Why a write or a read failed. A write's own errors (gap, unknown visit, invalid) fail only
/// that write; `failed` from the transaction fails every write committed with it.
public enum RecordError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An append whose first seq is not the visit's last stored seq + 1.
    case sequenceGap(VisitID, expected: UInt64, got: UInt64)
    /// An append without the visit's state for a visit the store has never seen.
    case unknownVisit(VisitID)
    case unknownNotification(Int64)
    /// A write that contradicts itself or the log (a read mark beyond the last event).
    case invalid(String)
    /// A stored row does not read back as the domain value.
    case damaged(String)
    /// The storage itself failed.
    case failed(String)

    public var description: String {
        switch self {
        case .sequenceGap(let visit, let expected, let got): "sequence gap in visit \(visit): expected seq \(expected), got \(got)"
        case .unknownVisit(let visit): "unknown visit \(visit): the first append needs the visit's state"
        case .unknownNotification(let id): "unknown notification \(id)"
        case .invalid(let reason): "invalid write: \(reason)"
        case .damaged(let reason): "damaged record: \(reason)"
        case .failed(let reason): reason  // the storage's own words (start-up errors print them)
        }
    }
}
