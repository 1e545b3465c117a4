/// Why an event log does not fold into a visit. Any of these means the log is damaged or the
/// caller mixed up logs; the service must not guess (it reloads or alarms).
public enum ReplayError: Error, Hashable, Sendable {
    case empty
    case firstEventNotCreated
    case createdTwice(seq: UInt64)
    case wrongVisit(expected: VisitID, found: VisitID)
    /// Sequence numbers are gap-free and start at 1.
    case sequenceGap(expected: UInt64, found: UInt64)
}
