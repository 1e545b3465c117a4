/// The permessage-deflate parameters both ends agreed on in the handshake (RFC 7692 §7.1).
/// `serverMaxWindowBits` bounds what the server compresses with, `clientMaxWindowBits` what the
/// client compresses with; each side inflates with at least the other side's window.
public struct DeflateParameters: Sendable, Equatable {
    public var serverNoContextTakeover: Bool
    public var clientNoContextTakeover: Bool
    public var serverMaxWindowBits: Int
    public var clientMaxWindowBits: Int

    public init(
        serverNoContextTakeover: Bool = false,
        clientNoContextTakeover: Bool = false,
        serverMaxWindowBits: Int = 15,
        clientMaxWindowBits: Int = 15
    ) {
        self.serverNoContextTakeover = serverNoContextTakeover
        self.clientNoContextTakeover = clientNoContextTakeover
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
    }
}
