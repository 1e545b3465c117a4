import Care

/// The `visit` snapshot: a visit as one principal may see it, built from Care's `Visit` plus
/// what the visit does not hold (the patient's identity from the directory, the queue position,
/// presence). The staff-only fields are nil in the patient view.
public struct VisitView: Hashable, Sendable {
    public var visit: VisitID
    public var kind: VisitKind
    public var state: State
    public var contactReason: String
    /// Staff only (rulings: a patient never sees the priority).
    public var priority: Priority?
    public var arrivedAt: Instant
    public var resource: Resource
    public var responsible: Clinician?
    /// 1-based place in the queue while waiting (what the patient watches).
    public var queuePosition: Int?
    public var endedAt: Instant?
    public var asyncPhaseDays: Int?
    public var asyncPhaseEndsAt: Instant?
    public var closedAt: Instant?
    public var closingReason: VisitEvent.ClosingReason?
    /// The seq of the newest event the snapshot includes; live events continue from here. In a
    /// patient's view it is the patient's numbering (`PatientNumbering`).
    public var lastSeq: UInt64
    /// The patient's last seq, for the patient's view (set from the visit).
    public var patientLastSeq: UInt64?

    // Staff only.
    /// Triage text / anamnesis.
    public var text: String?
    /// Who the patient is, with the personal identity number staff copy into the record system.
    public var patient: Patient?
    public var chargeForVisit: Bool?
    public var asyncInbox: AsyncInboxStatus?
    public var patientOnline: Bool?

    public enum State: String, CaseIterable, Hashable, Sendable {
        case waiting, accepted, inProgress, asyncPhase, closed

        public init(_ state: VisitState) {
            switch state {
            case .waiting: self = .waiting
            case .accepted: self = .accepted
            case .inProgress: self = .inProgress
            case .asyncPhase: self = .asyncPhase
            case .closed: self = .closed
            }
        }
    }

    /// The full (staff) view. `patient` comes from the directory; pass nil when unknown.
    public init(_ visit: Visit, queuePosition: Int?, patient: Patient?, patientOnline: Bool?) {
        self.visit = visit.id
        kind = visit.kind
        state = State(visit.state)
        contactReason = visit.contactReason
        priority = visit.priority
        arrivedAt = visit.arrivedAt
        resource = visit.resource
        responsible = visit.responsible
        self.queuePosition = queuePosition
        endedAt = visit.endedAt
        asyncPhaseDays = visit.asyncPhaseDays
        asyncPhaseEndsAt = if case .asyncPhase(let until) = visit.state { until } else { nil }
        closedAt = visit.closedAt
        closingReason = visit.closingReason
        lastSeq = visit.lastSeq
        patientLastSeq = visit.patientNumbering.patientLastSeq
        text = visit.text
        self.patient = patient
        chargeForVisit = visit.chargeForVisit
        asyncInbox = visit.asyncInbox
        self.patientOnline = patientOnline
    }

    init(
        visit: VisitID, kind: VisitKind, state: State, contactReason: String, priority: Priority?,
        arrivedAt: Instant, resource: Resource, lastSeq: UInt64
    ) {
        self.visit = visit
        self.kind = kind
        self.state = state
        self.contactReason = contactReason
        self.priority = priority
        self.arrivedAt = arrivedAt
        self.resource = resource
        self.lastSeq = lastSeq
    }

    public var hasStaffOnlyFields: Bool {
        text != nil || patient != nil || chargeForVisit != nil || asyncInbox != nil || patientOnline != nil
            || priority != nil || responsible?.id.rawValue.isEmpty == false || (patientLastSeq != nil && patientLastSeq != lastSeq)
    }

    public func redacted(for audience: Audience) -> VisitView {
        guard audience == .patient else { return self }
        var view = self
        view.text = nil
        view.patient = nil
        view.chargeForVisit = nil
        view.asyncInbox = nil
        view.patientOnline = nil
        view.priority = nil
        view.responsible = view.responsible?.withoutID
        if let patientLastSeq { view.lastSeq = patientLastSeq }
        view.patientLastSeq = nil
        return view
    }
}
