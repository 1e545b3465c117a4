/// What a `WebSocketConnection` reports after `receive(_:)`.
public enum WebSocketEvent: Equatable, Sendable {
    /// A whole text message; its bytes are already validated UTF-8.
    case text([UInt8])
    case binary([UInt8])
    /// Already answered with a pong; reported for liveness tracking.
    case ping([UInt8])
    case pong([UInt8])
    /// The closing handshake finished or the connection failed. Flush output, then close TCP.
    /// When the peer sent a close frame: its code (nil if it had none) and reason.
    /// When we failed the connection: the code and fixed reason we sent.
    case closed(CloseCode?, reason: String)
}
