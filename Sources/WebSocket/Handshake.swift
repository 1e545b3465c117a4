import HTTP
import COpenSSL

/// The server side of the opening handshake (RFC 6455 §4.2).
public enum Handshake {
    /// The GUID every accept value is derived from (§1.3).
    public static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// Checks an upgrade request against the RFC and `policy`, in this order:
    /// method GET, HTTP/1.1 or later, exactly one valid Host (RFC 9112 §3.2), `Upgrade:
    /// websocket`, `Connection: upgrade`, `Sec-WebSocket-Version` present (400) and 13 (else 426
    /// naming 13), exactly one `Sec-WebSocket-Key` that is base64 of 16 bytes (400), at most one
    /// Origin (400: which one would be checked?) and an allowed one (403), subprotocol (400
    /// when one is required and none offered is known; 426 would wrongly suggest a protocol
    /// upgrade), then permessage-deflate, whose offers are declined rather than rejected.
    public static func evaluate(_ head: HTTPRequestHead, policy: HandshakePolicy) -> HandshakeDecision {
        guard head.method == "GET" else { return reject(400, "WebSocket upgrade requires GET") }
        guard head.version >= .http1_1 else { return reject(400, "WebSocket upgrade requires HTTP/1.1") }
        if let problem = HostHeader.problem(in: head) { return reject(400, problem) }
        guard head.headerValues("Upgrade").contains(where: { HTTPSyntax.equalsIgnoringCase($0, "websocket") }) else {
            return reject(400, "missing Upgrade: websocket")
        }
        guard head.headerValues("Connection").contains(where: { HTTPSyntax.equalsIgnoringCase($0, "upgrade") }) else {
            return reject(400, "missing Connection: upgrade")
        }
        guard let version = head.header("Sec-WebSocket-Version") else {
            return reject(400, "missing Sec-WebSocket-Version")
        }
        guard version == "13" else {
            return reject(426, "unsupported WebSocket version", headers: [("Sec-WebSocket-Version", "13")])
        }
        let keys = head.fieldValues("Sec-WebSocket-Key")
        guard keys.count == 1, let key = keys.first, Base64.decodedCount(key) == 16 else {
            return reject(400, "invalid Sec-WebSocket-Key")
        }
        let origins = head.fieldValues("Origin")
        guard origins.count <= 1 else { return reject(400, "more than one Origin") }
        if let origin = origins.first, !isAllowed(origin: origin, policy.allowedOrigins) {
            return reject(403, "origin not allowed")
        }
        let offered = head.headerValues("Sec-WebSocket-Protocol")
        let subprotocol = policy.subprotocols.first { offered.contains($0) }
        if subprotocol == nil && policy.requireSubprotocol {
            return reject(400, "no supported subprotocol")
        }
        let deflate = policy.deflate.flatMap {
            PerMessageDeflate.negotiate(offers: head.headerValues("Sec-WebSocket-Extensions"), configuration: $0)
        }
        var headers: [(name: String, value: String)] = [
            ("Upgrade", "websocket"),
            ("Connection", "Upgrade"),
            ("Sec-WebSocket-Accept", acceptValue(key: key)),
        ]
        if let subprotocol { headers.append(("Sec-WebSocket-Protocol", subprotocol)) }
        if let deflate { headers.append(("Sec-WebSocket-Extensions", deflate.responseValue)) }
        return .accept(
            response: HTTPResponse.informational(101, headers: headers), subprotocol: subprotocol,
            deflate: deflate?.parameters)
    }

    /// `base64(SHA-1(key + GUID))` (§4.2.2), with OpenSSL's SHA-1.
    public static func acceptValue(key: String) -> String {
        let input = Array((key + guid).utf8)
        var digest = [UInt8](repeating: 0, count: 20)
        input.withUnsafeBytes { bytes in
            digest.withUnsafeMutableBufferPointer { output in
                // EVP_Digest with SHA-1 cannot fail for in-memory input.
                _ = EVP_Digest(bytes.baseAddress, bytes.count, output.baseAddress, nil, EVP_sha1(), nil)
            }
        }
        return Base64.encode(digest)
    }

    private static func isAllowed(origin: String, _ allowed: [String]) -> Bool {
        allowed.contains { $0 == "*" || HTTPSyntax.equalsIgnoringCase($0, origin) }
    }

    private static func reject(
        _ status: Int, _ message: String, headers: [(name: String, value: String)] = []
    ) -> HandshakeDecision {
        .reject(.text(status, message + "\n", extraHeaders: headers))
    }
}
