import EventLoop

/// How any thread names a connection: its loop and its registration there. A connection that has
/// closed (and whose slot was reused) never matches again, so late deliveries are dropped.
public struct ConnectionID: Hashable, Sendable, CustomStringConvertible {
    public let loop: Int
    public let registration: Registration

    /// Applications rebuild ids they packed into their own tokens (e.g. a subscriber number).
    public init(loop: Int, registration: Registration) {
        self.loop = loop
        self.registration = registration
    }

    public var description: String { "\(loop).\(registration.slot).\(registration.generation)" }
}
