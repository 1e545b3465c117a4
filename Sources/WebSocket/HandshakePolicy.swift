/// What the server accepts in an upgrade request.
public struct HandshakePolicy: Sendable, Equatable {
    /// Exact `scheme://host[:port]` origins (compared ignoring ASCII case); `"*"` allows any.
    /// A request without an Origin header (not a browser) is always allowed.
    public var allowedOrigins: [String]
    /// In server preference order: the first one the client also offers is chosen.
    public var subprotocols: [String]
    /// Reject (400) a client that offers none of `subprotocols`.
    public var requireSubprotocol: Bool
    /// nil turns permessage-deflate off.
    public var deflate: DeflateConfiguration?

    public init(
        allowedOrigins: [String], subprotocols: [String] = [], requireSubprotocol: Bool = false,
        deflate: DeflateConfiguration? = DeflateConfiguration()
    ) {
        self.allowedOrigins = allowedOrigins
        self.subprotocols = subprotocols
        self.requireSubprotocol = requireSubprotocol
        self.deflate = deflate
    }
}
