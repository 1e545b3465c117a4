/// The names of the event kinds: one table for the log (`visit_events.kind`) and the wire
/// (`event.kind` in carewire.v1). A name is part of both formats: never rename one.
public enum EventKind: String, CaseIterable, Hashable, Sendable {
    case created
    case accepted
    case started
    case message
    case priorityChanged
    case ended
    case markedDone
    case closed
}

extension VisitEvent.Body {
    public var kind: EventKind {
        switch self {
        case .created: .created
        case .accepted: .accepted
        case .started: .started
        case .message: .message
        case .priorityChanged: .priorityChanged
        case .ended: .ended
        case .markedDone: .markedDone
        case .closed: .closed
        }
    }
}
