/// A waiting visit's place in its queue. Ordered the way staff work the queue: priority first
/// (most urgent first), then arrival time (first come first), then id so the order is total and
/// every subscriber sees the same list.
public struct QueueEntry: Hashable, Comparable, Sendable, Codable {
    public var visit: VisitID
    public var priority: Priority
    public var arrivedAt: Instant

    public init(visit: VisitID, priority: Priority, arrivedAt: Instant) {
        self.visit = visit
        self.priority = priority
        self.arrivedAt = arrivedAt
    }

    public init(_ visit: Visit) {
        self.init(visit: visit.id, priority: visit.priority, arrivedAt: visit.arrivedAt)
    }

    public static func < (lhs: QueueEntry, rhs: QueueEntry) -> Bool {
        (lhs.priority, lhs.arrivedAt, lhs.visit) < (rhs.priority, rhs.arrivedAt, rhs.visit)
    }
}
