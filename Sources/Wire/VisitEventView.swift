import Care

/// A `VisitEvent` as a principal may see it. Every audience gets every event, so `seq` stays
/// gap-free for everyone; only the staff-only fields of two bodies are nil in the patient view.
public struct VisitEventView: Hashable, Sendable {
    public var visit: VisitID
    public var seq: UInt64
    public var at: Instant
    public var actor: Actor
    public var body: Body

    public init(visit: VisitID, seq: UInt64, at: Instant, actor: Actor, body: Body) {
        self.visit = visit
        self.seq = seq
        self.at = at
        self.actor = actor
        self.body = body
    }

    /// The full (staff) view of an event from the log.
    public init(_ event: VisitEvent) {
        self.init(visit: event.visit, seq: event.seq, at: event.at, actor: event.actor, body: Body(event.body))
    }

    /// `VisitEvent.Body` with the staff-only fields optional.
    public enum Body: Hashable, Sendable {
        /// `text` (triage text / anamnesis): staff only.
        case created(
            kind: VisitKind, patient: PatientID, careProvider: CareProviderID, resource: Resource,
            contactReason: String, text: String?, priority: Priority)
        case accepted(by: Clinician)
        case started(by: Clinician)
        case message(clientMessageID: ClientMessageID?, text: String)
        case priorityChanged(from: Priority, to: Priority)
        /// `chargeForVisit`: staff only (a billing decision, not part of the conversation).
        case ended(asyncPhaseDays: Int, chargeForVisit: Bool?, asyncPhaseEndsAt: Instant)
        case markedDone
        case closed(reason: VisitEvent.ClosingReason)

        public init(_ body: VisitEvent.Body) {
            switch body {
            case .created(let kind, let patient, let careProvider, let resource, let contactReason, let text, let priority):
                self = .created(
                    kind: kind, patient: patient, careProvider: careProvider, resource: resource,
                    contactReason: contactReason, text: text, priority: priority)
            case .accepted(let by): self = .accepted(by: by)
            case .started(let by): self = .started(by: by)
            case .message(let id, let text): self = .message(clientMessageID: id, text: text)
            case .priorityChanged(let from, let to): self = .priorityChanged(from: from, to: to)
            case .ended(let days, let charge, let endsAt):
                self = .ended(asyncPhaseDays: days, chargeForVisit: charge, asyncPhaseEndsAt: endsAt)
            case .markedDone: self = .markedDone
            case .closed(let reason): self = .closed(reason: reason)
            }
        }

        /// The wire name (`event.kind`).
        public var kind: String {
            switch self {
            case .created: "created"
            case .accepted: "accepted"
            case .started: "started"
            case .message: "message"
            case .priorityChanged: "priorityChanged"
            case .ended: "ended"
            case .markedDone: "markedDone"
            case .closed: "closed"
            }
        }
    }

    /// Whether the staff and patient views differ.
    public var hasStaffOnlyFields: Bool {
        switch body {
        case .created(_, _, _, _, _, let text, _): text != nil
        case .ended(_, let charge, _): charge != nil
        default: false
        }
    }

    public func redacted(for audience: Audience) -> VisitEventView {
        guard audience == .patient else { return self }
        var view = self
        switch body {
        case .created(let kind, let patient, let careProvider, let resource, let contactReason, _, let priority):
            view.body = .created(
                kind: kind, patient: patient, careProvider: careProvider, resource: resource,
                contactReason: contactReason, text: nil, priority: priority)
        case .ended(let days, _, let endsAt):
            view.body = .ended(asyncPhaseDays: days, chargeForVisit: nil, asyncPhaseEndsAt: endsAt)
        default:
            break
        }
        return view
    }
}
