/// What the owner of a visit does with an accepted command.
public enum Decision: Hashable, Sendable {
    /// Persist these events (already numbered from `lastSeq + 1`), then apply them and fan them
    /// out. Empty when the command changes nothing (same priority, already marked done).
    case record([VisitEvent])
    /// A resent message: it is already in the log at `seq`; ack that again, record nothing.
    case alreadyRecorded(seq: UInt64)
}
