/// A row of the notification outbox (e.g. the SMS "care has taken your case"). A sender reads
/// pending rows, sends, and marks them sent through the writer; rows are never deleted.
public struct OutboxNotification: Sendable, Equatable {
    /// Assigned by the store; nil on write.
    public var id: Int64?
    public var createdMilliseconds: Int64
    public var recipient: String
    /// e.g. "sms", "email", "push".
    public var channel: String
    public var template: String
    /// The template's parameters as JSON, opaque here.
    public var payload: [UInt8]
    public var sentMilliseconds: Int64?
    public var attempts: Int
    public var lastError: String?

    public init(id: Int64? = nil, createdMilliseconds: Int64, recipient: String, channel: String, template: String,
                payload: [UInt8], sentMilliseconds: Int64? = nil, attempts: Int = 0, lastError: String? = nil) {
        self.id = id
        self.createdMilliseconds = createdMilliseconds
        self.recipient = recipient
        self.channel = channel
        self.template = template
        self.payload = payload
        self.sentMilliseconds = sentMilliseconds
        self.attempts = attempts
        self.lastError = lastError
    }
}
