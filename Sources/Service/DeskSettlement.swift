/// What a commit did to a desk, for its user to tell: only a `committed` settlement lets events
/// reach subscribers and acks reach senders.
enum DeskSettlement<A: OwnedAggregate, Side> {
    /// The events are durable and folded into the committed state (and the tail).
    case committed(OwnedRecord<A>, [A.Event], A.Effects, replies: [DeskReply])
    /// The log already held the append's client id: memory took it for new, so memory is stale.
    /// Answer `replies` (those whose seq is `lastSeq` with `original`), then abandon and reload.
    case duplicate(A.Key, original: UInt64, lastSeq: UInt64, replies: [DeskReply])
    /// The append failed, or its commit cannot be folded in: fail `replies`, then abandon and
    /// reload (if the aggregate is still in memory).
    case diverged(A.Key, replies: [DeskReply])
    /// A write of the user's own (not events), handed back with its result.
    case side(Side, ticket: UInt64, Result<RecordOutcome, RecordError>, replies: [DeskReply])
    /// A write abandoned after an earlier failure (its senders were answered then), or an
    /// append whose commit changed nothing to tell.
    case nothing
}
