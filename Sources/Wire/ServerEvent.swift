import Care

/// One event the server sends. `EventEncoder` turns it into bytes once per view; the owner of
/// a visit or queue then writes the same bytes to every subscriber of that view.
///
/// `id` is set on events that answer a command (so the client can match them), nil on live
/// events.
public enum ServerEvent: Hashable, Sendable {
    case welcome(Welcome)
    /// The command was performed. `seq`: the event it wrote (`message.send`), `visit`: the
    /// visit it created or concerns.
    case ack(CommandID, visit: VisitID?, seq: UInt64?)
    /// `reason` refines `code` (Care's conflict and invalid reasons, `WireError.Reason`);
    /// `visit`: the visit the refused command (or server-made open) concerned, when known.
    case error(CommandID?, code: ErrorCode, reason: String?, message: String, visit: VisitID? = nil)
    case visit(VisitView, id: CommandID?)
    case visitEvent(VisitEventView)
    /// Events before the page's `before`, oldest first; `hasMore`: older events remain.
    case history(VisitID, events: [VisitEventView], hasMore: Bool, id: CommandID?)
    case queue(Resource, entries: [QueueItem], id: CommandID?)
    case queueAdded(Resource, QueueItem)
    /// The entry moved (its priority changed); `position` is its new place.
    case queueUpdated(Resource, QueueItem)
    case queueRemoved(Resource, VisitID)
    /// The patient's own place in the queue changed (they never see the queue itself).
    case position(VisitID, position: Int)
    case inbox(InboxView, id: CommandID?)
    /// The visit is now in `tab`, at `position` (1-based) of that tab; it left any other tab.
    case inboxUpdated(InboxItem, tab: AsyncInboxStatus, position: Int)
    case typing(VisitID, by: ActorView)
    case receipt(VisitID, by: ActorView, upTo: UInt64)
    case presence(PatientID, online: Bool)
    /// Resume is impossible (the client's seq is ahead of the log, or the gap is too old):
    /// drop local state for the visit and `visit.open` it again.
    case reload(VisitID)
    /// No more events will come for the visit (the client did not close it): drop it, do not
    /// resume it.
    case unsubscribed(VisitID, reason: SubscriptionEnd)
    /// The caller's care provider (id and name) and its units with their roles.
    case directoryUnits(CareProviderID, name: String, units: [DirectoryView.UnitRoles], id: CommandID?)
    /// Colleagues: a search's hits (`more`: others matched beyond the limit), a unit's people in
    /// one role, or the ids a lookup found.
    case directoryPeople([DirectoryView.Person], more: Bool, id: CommandID?)

    /// The answer to a command that was not one.
    public static func error(_ error: WireError) -> ServerEvent {
        .error(error.id, code: error.code, reason: error.reason.rawValue, message: error.message)
    }

    /// The answer to a command Care refused.
    public static func error(_ error: CareError, id: CommandID?, visit: VisitID? = nil) -> ServerEvent {
        let code = ErrorCode(error)
        let message = switch error {
        case .notFound: "no such visit"
        case .forbidden: "not allowed"
        case .conflict(let conflict): "the visit's state does not allow it: \(conflict.rawValue)"
        case .invalid(let invalid): "invalid command: \(invalid.rawValue)"
        case .rateLimited: "too many commands; slow down"
        }
        return .error(id, code: code, reason: error.reason, message: message, visit: visit)
    }

    public var type: EventType {
        switch self {
        case .welcome: .welcome
        case .ack: .ack
        case .error: .error
        case .visit: .visit
        case .visitEvent: .visitEvent
        case .history: .history
        case .queue: .queue
        case .queueAdded: .queueAdded
        case .queueUpdated: .queueUpdated
        case .queueRemoved: .queueRemoved
        case .position: .position
        case .inbox: .inbox
        case .inboxUpdated: .inboxUpdated
        case .typing: .typing
        case .receipt: .receipt
        case .presence: .presence
        case .reload: .reload
        case .unsubscribed: .visitUnsubscribed
        case .directoryUnits: .directoryUnits
        case .directoryPeople: .directoryPeople
        }
    }

    /// Whether the patient view differs from the staff view (only then is it encoded twice).
    public var hasStaffOnlyFields: Bool {
        switch self {
        case .visit(let view, _): view.hasStaffOnlyFields
        case .visitEvent(let event): event.hasStaffOnlyFields
        case .history(_, let events, _, _): events.contains(where: \.hasStaffOnlyFields)
        default: false
        }
    }

    /// The event as `audience` may see it. Staff-only events (queues, inbox, presence) are
    /// never routed to patients; they have no fields to redact.
    public func redacted(for audience: Audience) -> ServerEvent {
        guard audience == .patient else { return self }
        switch self {
        case .visit(let view, let id): return .visit(view.redacted(for: audience), id: id)
        case .visitEvent(let event): return .visitEvent(event.redacted(for: audience))
        case .history(let visit, let events, let hasMore, let id):
            return .history(visit, events: events.map { $0.redacted(for: audience) }, hasMore: hasMore, id: id)
        default: return self
        }
    }
}
