import WebSocket

/// What an application sees of one WebSocket connection. Valid on its loop's thread only;
/// across loops, name the connection by `id` and deliver through `LoopServices.fanOut`.
public struct Peer {
    let socket: ClientSocket

    public var id: ConnectionID { socket.id }
    /// The query string of the upgrade request (e.g. a bearer token), without the "?".
    public var query: String? { socket.upgradeQuery }
    public var subprotocol: String? { socket.subprotocol }
    /// Whether the connection can still send.
    public var isOpen: Bool { socket.isWebSocketOpen }
    /// Queued output is over the high-water mark: skip what can be skipped (typing, presence).
    public var isSlow: Bool { socket.isSlow }

    /// The application's own per-connection state (the server never looks at it).
    public var state: AnyObject? {
        get { socket.applicationState }
        nonmutating set { socket.applicationState = newValue }
    }

    public func send(text utf8: [UInt8]) { socket.sendText(utf8) }
    public func send(binary bytes: [UInt8]) { socket.sendBinary(bytes) }
    /// Queues an encoded-once message: the frame bytes are shared with every other recipient.
    public func deliver(_ message: SharedMessage) { socket.deliver(message) }
    public func close(code: CloseCode, reason: String) { socket.close(code: code, reason: reason) }
}
