import Care

/// A notification in the outbox (e.g. the SMS "care has taken your case"). The sender reads
/// pending entries, sends, and marks them sent through the writer; entries are never deleted.
public struct OutboxEntry: Sendable, Hashable {
    /// Assigned by the store; nil on write.
    public var id: Int64?
    public var created: Instant
    /// Whom to reach: `patient:<id>` for a patient (the sender looks up the number).
    public var recipient: String
    /// e.g. "sms", "email", "push".
    public var channel: String
    public var template: String
    /// The template's parameters as JSON, opaque to the store.
    public var payload: [UInt8]
    public var sent: Instant?
    public var attempts: Int
    public var lastError: String?

    public init(id: Int64? = nil, created: Instant, recipient: String, channel: String, template: String,
                payload: [UInt8], sent: Instant? = nil, attempts: Int = 0, lastError: String? = nil) {
        self.id = id
        self.created = created
        self.recipient = recipient
        self.channel = channel
        self.template = template
        self.payload = payload
        self.sent = sent
        self.attempts = attempts
        self.lastError = lastError
    }

    /// The recipient address of a patient.
    public static func address(of patient: PatientID) -> String { "patient:\(patient.rawValue)" }
}
