import Care

/// A `VisitEvent` as a principal may see it. Every audience gets every event, so `seq` stays
/// gap-free for everyone; only the staff-only fields of two bodies are nil in the patient view.
public struct VisitEventView: Hashable, Sendable {
    public var visit: VisitID
    public var seq: UInt64
    public var at: Instant
    public var actor: ActorView
    public var body: Body

    public init(visit: VisitID, seq: UInt64, at: Instant, actor: ActorView, body: Body) {
        self.visit = visit
        self.seq = seq
        self.at = at
        self.actor = actor
        self.body = body
    }

    /// The full (staff) view of an event from the log.
    public init(_ event: VisitEvent) {
        self.init(visit: event.visit, seq: event.seq, at: event.at, actor: ActorView(event.actor), body: Body(event.body))
    }

    /// The patient's view of an event of `visit` (as it stands after the event), or nil for a
    /// staff-only event: numbered in the patient's gap-free sequence, staff named not by id,
    /// and without the staff-only fields (triage text, priority, the charge decision).
    public init?(forPatient event: VisitEvent, of visit: Visit) {
        guard let seq = visit.patientNumbering.patientSeq(of: event.seq) else { return nil }
        let clinicians = [visit.responsible].compactMap { $0 } + Self.clinicians(in: event.body)
        self.init(visit: event.visit, seq: seq, at: event.at, actor: .forPatient(event.actor, clinicians: clinicians),
                  body: Body(event.body))
        self = redacted(for: .patient)
    }

    private static func clinicians(in body: VisitEvent.Body) -> [Clinician] {
        switch body {
        case .accepted(let by), .started(let by): [by]
        default: []
        }
    }

    /// `VisitEvent.Body` with the staff-only fields optional.
    public enum Body: Hashable, Sendable {
        /// `text` (triage text / anamnesis): staff only.
        case created(
            kind: VisitKind, patient: PatientID, careProvider: CareProviderID, resource: Resource,
            contactReason: String, text: String?, priority: Priority?)
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

        /// Whether the body names a clinician by id (accepted, started in a staff view).
        var namesClinicianByID: Bool {
            switch self {
            case .accepted(let by), .started(let by): !by.id.rawValue.isEmpty
            default: false
            }
        }

        /// The wire name (`event.kind`), from Care's one table of kind names.
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

    /// Whether the staff and patient views differ (staff are named by id, a patient never sees
    /// a staff id; the created event's text and priority and the charge decision are staff-only).
    public var hasStaffOnlyFields: Bool {
        if actor.carriesStaffID || body.namesClinicianByID { return true }
        switch body {
        case .created(_, _, _, _, _, let text, let priority): return text != nil || priority != nil
        case .ended(_, let charge, _): return charge != nil
        case .priorityChanged, .markedDone: return true
        default: return false
        }
    }

    public func redacted(for audience: Audience) -> VisitEventView {
        guard audience == .patient else { return self }
        var view = self
        switch body {
        case .created(let kind, let patient, let careProvider, let resource, let contactReason, _, _):
            view.body = .created(
                kind: kind, patient: patient, careProvider: careProvider, resource: resource,
                contactReason: contactReason, text: nil, priority: nil)
        case .ended(let days, _, let endsAt):
            view.body = .ended(asyncPhaseDays: days, chargeForVisit: nil, asyncPhaseEndsAt: endsAt)
        case .accepted(let by):
            view.body = .accepted(by: by.withoutID)
        case .started(let by):
            view.body = .started(by: by.withoutID)
        default:
            break
        }
        // A safety net: the patient's view proper comes from `init(forPatient:of:)`, which also
        // names staff and renumbers; nothing redacted here may still carry a staff id.
        if view.actor.carriesStaffID { view.actor = .namedStaff(name: nil, role: nil) }
        return view
    }
}

extension Clinician {
    /// Name and role without the id: how a patient's view names a clinician (an empty id is
    /// never written; no token has one).
    public var withoutID: Clinician { Clinician(id: StaffID(""), displayName: displayName, role: role) }
}
