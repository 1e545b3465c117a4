import HTTP

/// The server's answer to an upgrade request.
public enum HandshakeDecision: Sendable, Equatable {
    /// Write `response` (a complete 101 response), then speak WebSocket with these settings.
    case accept(response: [UInt8], subprotocol: String?, deflate: DeflateParameters?)
    /// Answer with `response` (a short text body) and close: encode it with
    /// `encoded(keepAlive: false, adding:)`, adding the headers every response of the server carries.
    case reject(HTTPResponse)
}
