/// Events for ONE visit, appended atomically with (optionally) its new projection row.
/// The visit's owner assigns seqs; the store checks they continue the log without a gap.
public struct EventAppend: Sendable, Equatable {
    public var visitID: String
    /// Consecutive seqs, all for `visitID`.
    public var events: [StoredEvent]
    /// Required for the first append of a visit; later appends may omit it (then the row is
    /// not touched: a chat message writes only its event).
    public var projection: VisitProjection?
    /// Queued in the outbox in the same savepoint as the events (the SMS of an accept): both
    /// commit or neither does, and a duplicate append queues nothing.
    public var notifications: [OutboxNotification]

    public init(visitID: String, events: [StoredEvent], projection: VisitProjection? = nil,
                notifications: [OutboxNotification] = []) {
        self.visitID = visitID
        self.events = events
        self.projection = projection
        self.notifications = notifications
    }

    /// A single event (a chat message, a state change).
    public init(_ event: StoredEvent, projection: VisitProjection? = nil) {
        self.init(visitID: event.visitID, events: [event], projection: projection)
    }

    /// Nil if the request is well-formed; otherwise why not.
    var malformation: String? {
        guard let first = events.first else { return "no events" }
        for (offset, event) in events.enumerated() {
            if event.visitID != visitID { return "event for visit \(event.visitID) in an append for \(visitID)" }
            if event.seq != first.seq + Int64(offset) { return "seqs in one append must be consecutive" }
        }
        if let projection, projection.visitID != visitID { return "projection for another visit" }
        return nil
    }
}
