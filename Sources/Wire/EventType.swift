/// Every event `type` carewire.v1 sends. The encoder writes only these, and the AsyncAPI test
/// walks `allCases`.
public enum EventType: String, CaseIterable, Hashable, Sendable {
    case welcome
    case ack
    case error
    case visit
    case visitEvent = "visit.event"
    case history
    case queue
    case queueAdded = "queue.added"
    case queueUpdated = "queue.updated"
    case queueRemoved = "queue.removed"
    case position
    case inbox
    case inboxUpdated = "inbox.updated"
    case typing
    case receipt
    case presence
    case reload
    case visitUnsubscribed = "visit.unsubscribed"
    case directoryUnits = "directory.units"
    case directoryPeople = "directory.people"
}
