/// The server's answer to an upgrade request.
public enum HandshakeDecision: Sendable, Equatable {
    /// Write `response` (a complete 101 response), then speak WebSocket with these settings.
    case accept(response: [UInt8], subprotocol: String?, deflate: DeflateParameters?)
    /// Write `response` (complete, with a short text body and `Connection: close`), then close.
    case reject(status: Int, response: [UInt8])
}
