import WebSocket

/// A WebSocket application served on one path (the care protocol is one). The server makes one
/// instance per loop with `ApplicationEndpoint.make`; every call happens on that loop's thread,
/// so an instance keeps loop-local state without locks.
public protocol Application: AnyObject {
    /// The handshake succeeded; `peer` can send from now on.
    func opened(_ peer: Peer)
    /// A text or binary message (control frames are handled by the server).
    func received(_ message: WebSocketEvent, from peer: Peer)
    /// The connection ended (closing handshake, error or drop). `peer` can no longer send.
    func closed(_ peer: Peer)
    /// A value another loop posted with `LoopServices.post(_:toLoop:)`.
    func handle(_ message: any Sendable)
    /// Once a second, from the loop's housekeeping timer (token expiry, deadlines, retries).
    func tick()
}

extension Application {
    public func tick() {}
}

/// Where an application is served and how to make its per-loop instance.
public struct ApplicationEndpoint: Sendable {
    public let path: String
    /// Subprotocols in preference order; with `requireSubprotocol` a client offering none is refused (400).
    public let subprotocols: [String]
    public let requireSubprotocol: Bool
    public let make: @Sendable (LoopServices) -> any Application

    public init(path: String, subprotocols: [String], requireSubprotocol: Bool,
                make: @escaping @Sendable (LoopServices) -> any Application) {
        self.path = path
        self.subprotocols = subprotocols
        self.requireSubprotocol = requireSubprotocol
        self.make = make
    }
}
