import Care

/// Events of ONE visit, appended atomically with (optionally) the visit's new state and the
/// notifications they cause. The desk numbers the events; the store checks they continue the
/// log without a gap and answers a resent client message id with its original seq.
public struct VisitAppend: Sendable {
    public var visit: VisitID
    /// Consecutive seqs, all of `visit`.
    public var events: [VisitEvent]
    /// The visit after `events`, when its stored summary changes (required for the first
    /// append; nil for chat, which changes nothing but the log).
    public var state: Visit?
    /// Queued with the events: both are stored or neither is, and a duplicate queues nothing.
    public var notifications: [OutboxEntry]
    /// When the summary was written.
    public var at: Instant

    public init(visit: VisitID, events: [VisitEvent], state: Visit? = nil, notifications: [OutboxEntry] = [],
                at: Instant) {
        self.visit = visit
        self.events = events
        self.state = state
        self.notifications = notifications
        self.at = at
    }
}
