/// A visit (besök, ärende): the fold of its event log. Nothing sets these fields except `apply`,
/// so replaying the log always rebuilds exactly the state the owner had.
public struct Visit: Hashable, Sendable, Codable {
    public let id: VisitID
    public let kind: VisitKind
    public let patient: PatientID
    public let careProvider: CareProviderID
    public private(set) var resource: Resource
    public let contactReason: String
    /// Triage text / anamnesis: for the patient and the staff handling the visit.
    public let text: String
    public private(set) var priority: Priority
    /// When the visit entered its queue (the created event): the queue's second sort key.
    public let arrivedAt: Instant
    public private(set) var state: VisitState
    /// The responsible staff member, from accept on.
    public private(set) var responsible: Clinician?
    public private(set) var endedAt: Instant?
    public private(set) var asyncPhaseDays: Int?
    public private(set) var chargeForVisit: Bool?
    /// Nil until the visit ends; then which async inbox tab it is in.
    public private(set) var asyncInbox: AsyncInboxStatus?
    public private(set) var lastPatientMessageAt: Instant?
    public private(set) var closedAt: Instant?
    public private(set) var closingReason: VisitEvent.ClosingReason?
    /// The seq of the last applied event; the next event must carry `lastSeq + 1`.
    public private(set) var lastSeq: UInt64
    /// Seqs of the staff-only events (ascending), for the patient's numbering. Optional only so
    /// snapshots from before it decode; `patientNumbering` reads it.
    private(set) var staffOnlySeqs: [UInt64]?
    /// The newest messages by client id (at most `idempotencyWindow`), so a resend is answered
    /// with the original seq from memory. Older ones are not kept here: a resend of one reaches
    /// the store, whose log answers it as a duplicate with the original seq (issue 21 item 7: this
    /// map held every message of a visit's life, twice per loaded visit).
    private(set) var messageSeqs: [MessageKey: UInt64] = [:]
    public static let idempotencyWindow = 64

    struct MessageKey: Hashable, Sendable, Codable {
        var author: Party
        var clientMessageID: ClientMessageID
    }

    /// Starts a visit from its first event.
    public init(_ created: VisitEvent) throws(ReplayError) {
        guard
            case .created(let kind, let patient, let careProvider, let resource, let contactReason, let text,
                let priority) = created.body
        else { throw .firstEventNotCreated }
        guard created.seq == 1 else { throw .sequenceGap(expected: 1, found: created.seq) }
        id = created.visit
        self.kind = kind
        self.patient = patient
        self.careProvider = careProvider
        // The provider is part of the resource; logs from before that name it only beside it.
        self.resource = Resource(careProvider: careProvider, unit: resource.unit, role: resource.role)
        self.contactReason = contactReason
        self.text = text
        self.priority = priority
        arrivedAt = created.at
        state = .waiting
        lastSeq = 1
    }

    /// A visit as its snapshot recorded it (`LogCodec`): the fields `apply` had set.
    init(restoring f: SnapshotFields) {
        id = f.id
        kind = f.kind
        patient = f.patient
        careProvider = f.careProvider
        resource = f.resource
        contactReason = f.contactReason
        text = f.text
        priority = f.priority
        arrivedAt = f.arrivedAt
        state = f.state
        responsible = f.responsible
        endedAt = f.endedAt
        asyncPhaseDays = f.asyncPhaseDays
        chargeForVisit = f.chargeForVisit
        asyncInbox = f.asyncInbox
        lastPatientMessageAt = f.lastPatientMessageAt
        closedAt = f.closedAt
        closingReason = f.closingReason
        lastSeq = f.lastSeq
        staffOnlySeqs = f.staffOnlySeqs
        messageSeqs = f.messageSeqs
    }

    /// Rebuilds a visit from its whole log, in order.
    public static func replay(_ events: some Sequence<VisitEvent>) throws(ReplayError) -> Visit {
        var iterator = events.makeIterator()
        guard let first = iterator.next() else { throw .empty }
        var visit = try Visit(first)
        while let event = iterator.next() {
            try visit.apply(event)
        }
        return visit
    }

    /// Folds in the next event. Events are facts (the owner decided them), so only the log's
    /// integrity is checked here, not the state machine or the access policy.
    public mutating func apply(_ event: VisitEvent) throws(ReplayError) {
        guard event.visit == id else { throw .wrongVisit(expected: id, found: event.visit) }
        guard event.seq == lastSeq + 1 else { throw .sequenceGap(expected: lastSeq + 1, found: event.seq) }
        switch event.body {
        case .created:
            throw .createdTwice(seq: event.seq)
        case .accepted(let clinician):
            state = .accepted(by: clinician.id)
            responsible = clinician
        case .started:
            state = .inProgress
        case .message(let clientMessageID, _):
            if let clientMessageID {
                messageSeqs[MessageKey(author: event.actor, clientMessageID: clientMessageID)] = event.seq
                if messageSeqs.count > Self.idempotencyWindow, let oldest = messageSeqs.min(by: { $0.value < $1.value }) {
                    messageSeqs.removeValue(forKey: oldest.key)
                }
            }
            if case .patient = event.actor {
                lastPatientMessageAt = event.at
                if case .asyncPhase = state { asyncInbox = .needsAction }
            }
        case .priorityChanged(_, let to):
            priority = to
        case .ended(let days, let charge, let endsAt):
            state = .asyncPhase(until: endsAt)
            endedAt = event.at
            asyncPhaseDays = days
            chargeForVisit = charge
            asyncInbox = .noActionRequired
        case .markedDone:
            asyncInbox = .noActionRequired
        case .closed(let reason):
            state = .closed
            closedAt = event.at
            closingReason = reason
            asyncInbox = .ended
        }
        if event.body.isStaffOnly { staffOnlySeqs = (staffOnlySeqs ?? []) + [event.seq] }
        lastSeq = event.seq
    }

    /// How this visit's log is numbered for its patient.
    public var patientNumbering: PatientNumbering {
        PatientNumbering(hidden: staffOnlySeqs ?? [], lastSeq: lastSeq)
    }

    /// The seq under which `author` already sent `clientMessageID`, if they did.
    public func recordedSeq(of clientMessageID: ClientMessageID, by author: Party) -> UInt64? {
        messageSeqs[MessageKey(author: author, clientMessageID: clientMessageID)]
    }

    /// When the service must next wake for this visit (send `.expire`), if ever.
    public var nextDeadline: Instant? {
        if case .asyncPhase(let until) = state { until } else { nil }
    }

    /// Days the patient may still write, rounded up (shown above the chat in the async phase).
    /// Nil outside the async phase.
    public func remainingDays(at now: Instant) -> Int? {
        guard case .asyncPhase(let until) = state else { return nil }
        let left = now.milliseconds(until: until)
        guard left > 0 else { return 0 }
        return Int((left + Instant.millisecondsPerDay - 1) / Instant.millisecondsPerDay)
    }

    /// Whether the visit is in a queue (waiting), and so in its resource's queue projection.
    public var isWaiting: Bool { state == .waiting }
}
