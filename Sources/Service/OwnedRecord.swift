/// One aggregate a loop owns, in memory: what the log says, what it will say once the writes in
/// flight commit, who is subscribed, and a tail of recent events for quick resumes.
final class OwnedRecord<A: OwnedAggregate> {
    let key: A.Key
    /// The fold of the committed log: everything subscribers have been told. Nil while the
    /// created event is in flight.
    var committed: A?
    /// `committed` plus the events in flight. Commands are decided against it, so a pipeline of
    /// commands gets consecutive seqs without waiting for each commit.
    var projected: A
    /// Tickets of this aggregate's event writes, in submit order (the order their commits return).
    var pending: [UInt64] = []
    var subscribers: [Subscriber: A.Reading] = [:]
    var companion: A.Companion
    /// The latest committed events, oldest first, at most `tailLimit`.
    private(set) var tail: [A.Event]
    private let tailLimit: Int

    init(created aggregate: A, companion: A.Companion, tailLimit: Int) {
        key = aggregate.key
        committed = nil
        projected = aggregate
        self.companion = companion
        tail = []
        self.tailLimit = tailLimit
    }

    init(loaded aggregate: A, companion: A.Companion, recent: [A.Event], tailLimit: Int) {
        key = aggregate.key
        committed = aggregate
        projected = aggregate
        self.companion = companion
        tail = Array(recent.suffix(tailLimit))
        self.tailLimit = tailLimit
    }

    func remember(_ events: [A.Event]) {
        tail.append(contentsOf: events)
        if tail.count > tailLimit { tail.removeFirst(tail.count - tailLimit) }
    }

    /// The committed events after `seq` if the tail still holds all of them.
    func events(after seq: UInt64) -> [A.Event]? {
        guard let lastSeq = committed?.lastSeq else { return nil }
        if seq == lastSeq { return [] }
        guard let first = tail.first, A.seq(of: first) <= seq + 1 else { return nil }
        return tail.filter { A.seq(of: $0) > seq }
    }

    var sortedSubscribers: [Subscriber] { subscribers.keys.sorted() }
}

@available(*, unavailable) extension OwnedRecord: Sendable {}
