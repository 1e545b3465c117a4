/// One fact in a visit's append-only log. The owner of the visit assigns `seq` (1, 2, 3, … with
/// no gaps), so everyone sees the same order; `Visit` is the fold of these events.
public struct VisitEvent: Hashable, Sendable, Codable {
    public var visit: VisitID
    public var seq: UInt64
    public var at: Instant
    /// Who caused it. For messages this is the author.
    public var actor: Party
    public var body: Body

    public init(visit: VisitID, seq: UInt64, at: Instant, actor: Party, body: Body) {
        self.visit = visit
        self.seq = seq
        self.at = at
        self.actor = actor
        self.body = body
    }

    public enum Body: Hashable, Sendable, Codable {
        /// Always the first event (seq 1). `text` is the triage text / anamnesis.
        case created(
            kind: VisitKind, patient: PatientID, careProvider: CareProviderID, resource: Resource,
            contactReason: String, text: String, priority: Priority)
        /// Ta emot: the clinician becomes the responsible staff member.
        case accepted(by: Clinician)
        /// Starta besök. Always followed by the welcome message.
        case started(by: Clinician)
        /// A chat message by `actor`. `clientMessageID` is nil for messages the domain writes
        /// itself (the welcome message).
        case message(clientMessageID: ClientMessageID?, text: String)
        case priorityChanged(from: Priority, to: Priority)
        /// Avsluta besök. Both answers are required and kept (the charge answer feeds billing).
        case ended(asyncPhaseDays: Int, chargeForVisit: Bool, asyncPhaseEndsAt: Instant)
        /// "Mark as done" in the async inbox: nothing to do until the patient writes again.
        case markedDone
        case closed(reason: ClosingReason)
    }

    public enum ClosingReason: String, Hashable, Sendable, Codable {
        case asyncPhaseExpired
        case endedWithoutAsyncPhase
    }
}
