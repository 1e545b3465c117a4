import Care

/// The client's id for one command (the envelope's `id`), echoed in its `ack` or `error`. For
/// `message.send` it is also the message's `ClientMessageID`, which makes resends idempotent.
public struct CommandID: Identifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}
