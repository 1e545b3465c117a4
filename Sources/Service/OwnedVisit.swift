import Care

/// A visit this loop owns, in memory: what the log says, what it will say once the writes in
/// flight commit, who is subscribed, and a tail of recent events for quick resumes.
final class OwnedVisit {
    let id: VisitID
    /// The fold of the committed log: everything subscribers have been told. Nil while the
    /// created event is in flight.
    var committed: Visit?
    /// `committed` plus the events in flight. Commands are decided against it, so a pipeline of
    /// sends gets consecutive seqs without waiting for each commit.
    var projected: Visit
    /// Tickets of this visit's event writes, in submit order (the order their commits return).
    var pending: [UInt64] = []
    /// Committed read marks, and the marks including writes in flight (decisions use the latter).
    var receipts: ReadReceipts
    var projectedReceipts: ReadReceipts
    /// The latest committed events, oldest first, at most `tailLimit`.
    private(set) var tail: [VisitEvent]
    private let tailLimit: Int
    var subscribers: [Subscriber: Subscription] = [:]
    /// Opens whose audit record is in flight: they keep the visit in memory.
    var openers = 0

    init(created visit: Visit, tailLimit: Int) {
        id = visit.id
        committed = nil
        projected = visit
        receipts = ReadReceipts()
        projectedReceipts = receipts
        tail = []
        self.tailLimit = tailLimit
    }

    init(loaded visit: Visit, receipts: ReadReceipts, recent: [VisitEvent], tailLimit: Int) {
        id = visit.id
        committed = visit
        projected = visit
        self.receipts = receipts
        projectedReceipts = receipts
        tail = Array(recent.suffix(tailLimit))
        self.tailLimit = tailLimit
    }

    func remember(_ events: [VisitEvent]) {
        tail.append(contentsOf: events)
        if tail.count > tailLimit { tail.removeFirst(tail.count - tailLimit) }
    }

    /// The committed events after `seq` if the tail still holds all of them.
    func events(after seq: UInt64) -> [VisitEvent]? {
        guard let lastSeq = committed?.lastSeq else { return nil }
        if seq == lastSeq { return [] }
        guard let first = tail.first, first.seq <= seq + 1 else { return nil }
        return tail.filter { $0.seq > seq }
    }

    var sortedSubscribers: [Subscriber] { subscribers.keys.sorted() }

    /// Nothing keeps it in memory: closed for good, nobody reading it, nothing in flight.
    var isIdle: Bool {
        committed?.state == .closed && pending.isEmpty && subscribers.isEmpty && openers == 0
    }
}
