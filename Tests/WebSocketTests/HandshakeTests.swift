import Testing
@testable import WebSocket

@Suite struct HandshakeTests {
    /// RFC 6455 §1.2's client handshake, with changes applied by header name (nil removes it).
    static func request(
        method: String = "GET", version: String = "HTTP/1.1", _ changes: [String: String?] = [:]
    ) -> HTTPRequestHead {
        var headers: [(name: String, value: String)] = [
            ("Host", "server.example.com"),
            ("Upgrade", "websocket"),
            ("Connection", "Upgrade"),
            ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
            ("Origin", "http://example.com"),
            ("Sec-WebSocket-Protocol", "chat, superchat"),
            ("Sec-WebSocket-Version", "13"),
        ]
        for (name, value) in changes {
            headers.removeAll { $0.name == name }
            if let value { headers.append((name, value)) }
        }
        let text = "\(method) /chat \(version)\r\n" + headers.map { "\($0.name): \($0.value)\r\n" }.joined() + "\r\n"
        var parser = HTTPRequestParser()
        guard case .complete(let head, _) = parser.parse(utf8(text)) else { preconditionFailure("bad fixture") }
        return head
    }

    static let policy = HandshakePolicy(allowedOrigins: ["http://example.com"], deflate: nil)

    static func status(_ decision: HandshakeDecision) -> Int {
        switch decision {
        case .accept: 101
        case .reject(let status, _): status
        }
    }

    @Test func acceptValueMatchesRFC6455() {
        #expect(Handshake.acceptValue(key: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func acceptsTheRFCRequestByteExact() {
        let decision = Handshake.evaluate(Self.request(), policy: Self.policy)
        let expected = utf8(
            "HTTP/1.1 101 Switching Protocols\r\n" + "Upgrade: websocket\r\n" + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n" + "\r\n")
        #expect(decision == .accept(response: expected, subprotocol: nil, deflate: nil))
    }

    @Test func picksTheServersPreferredSubprotocol() {
        var policy = Self.policy
        policy.subprotocols = ["superchat", "chat"]
        guard case .accept(let response, let subprotocol, _) = Handshake.evaluate(Self.request(), policy: policy) else {
            Issue.record("rejected")
            return
        }
        #expect(subprotocol == "superchat")
        #expect(String(decoding: response, as: UTF8.self).contains("\r\nSec-WebSocket-Protocol: superchat\r\n"))
    }

    @Test func negotiatesDeflateWhenConfigured() {
        var policy = Self.policy
        policy.deflate = DeflateConfiguration()
        let head = Self.request(["Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits"])
        guard case .accept(let response, _, let deflate) = Handshake.evaluate(head, policy: policy) else {
            Issue.record("rejected")
            return
        }
        #expect(deflate == DeflateParameters(serverNoContextTakeover: true))
        #expect(String(decoding: response, as: UTF8.self)
            .contains("\r\nSec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n"))
        // Off when the policy says so, whatever the client offers.
        guard case .accept(_, _, nil) = Handshake.evaluate(head, policy: Self.policy) else {
            Issue.record("deflate agreed without a configuration")
            return
        }
    }

    @Test(arguments: [
        ("method POST", request(method: "POST"), 400),
        ("HTTP/1.0", request(version: "HTTP/1.0"), 400),
        ("no Host", request(["Host": nil]), 400),
        ("no Upgrade", request(["Upgrade": nil]), 400),
        ("Upgrade: h2c", request(["Upgrade": "h2c"]), 400),
        ("no Connection", request(["Connection": nil]), 400),
        ("Connection: keep-alive", request(["Connection": "keep-alive"]), 400),
        ("no version", request(["Sec-WebSocket-Version": nil]), 400),
        ("version 8", request(["Sec-WebSocket-Version": "8"]), 426),
        ("version 14", request(["Sec-WebSocket-Version": "14"]), 426),
        ("no key", request(["Sec-WebSocket-Key": nil]), 400),
        ("key not base64", request(["Sec-WebSocket-Key": "not base64 at all!!!!!!!"]), 400),
        ("key of 15 bytes", request(["Sec-WebSocket-Key": "AAAAAAAAAAAAAAAAAAAA"]), 400),
        ("key of 17 bytes", request(["Sec-WebSocket-Key": "AAAAAAAAAAAAAAAAAAAAAAA="]), 400),
        ("other origin", request(["Origin": "http://evil.example"]), 403),
        ("origin with another port", request(["Origin": "http://example.com:8080"]), 403),
        ("null origin", request(["Origin": "null"]), 403),
        ("no Origin", request(["Origin": nil]), 101),
        ("origin in upper case", request(["Origin": "HTTP://EXAMPLE.COM"]), 101),
        ("Connection list", request(["Connection": "keep-alive, Upgrade"]), 101),
        ("Upgrade in lower case", request(["Upgrade": "WebSocket", "Connection": "upgrade"]), 101),
    ] as [(String, HTTPRequestHead, Int)])
    func decidesStatus(_ label: String, head: HTTPRequestHead, status: Int) {
        #expect(Self.status(Handshake.evaluate(head, policy: Self.policy)) == status, "\(label)")
    }

    @Test func twoKeysAreRejected() {
        var head = Self.request()
        head.headers.append(("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="))
        #expect(Self.status(Handshake.evaluate(head, policy: Self.policy)) == 400)
    }

    @Test func wildcardAllowsAnyOrigin() {
        let policy = HandshakePolicy(allowedOrigins: ["*"], deflate: nil)
        #expect(Self.status(Handshake.evaluate(Self.request(["Origin": "https://anything.example"]), policy: policy)) == 101)
    }

    @Test func requiredSubprotocolMustBeOffered() {
        var policy = Self.policy
        policy.subprotocols = ["carewire.v1"]
        policy.requireSubprotocol = true
        #expect(Self.status(Handshake.evaluate(Self.request(), policy: policy)) == 400)
        #expect(Self.status(Handshake.evaluate(Self.request(["Sec-WebSocket-Protocol": nil]), policy: policy)) == 400)
        let offered = Self.request(["Sec-WebSocket-Protocol": "chat, carewire.v1"])
        #expect(Self.status(Handshake.evaluate(offered, policy: policy)) == 101)
        policy.requireSubprotocol = false
        #expect(Handshake.evaluate(Self.request(), policy: policy) == Handshake.evaluate(Self.request(), policy: Self.policy))
    }

    @Test func wrongVersionNamesVersion13() {
        let decision = Handshake.evaluate(Self.request(["Sec-WebSocket-Version": "8"]), policy: Self.policy)
        let body = "unsupported WebSocket version\n"
        let expected = utf8(
            "HTTP/1.1 426 Upgrade Required\r\n" + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: \(body.utf8.count)\r\n" + "Connection: close\r\n" + "Sec-WebSocket-Version: 13\r\n"
                + "\r\n" + body)
        #expect(decision == .reject(status: 426, response: expected))
    }

    @Test func forbiddenOriginResponseClosesTheConnection() {
        guard case .reject(403, let response) = Handshake.evaluate(
            Self.request(["Origin": "http://evil.example"]), policy: Self.policy)
        else {
            Issue.record("not rejected with 403")
            return
        }
        let text = String(decoding: response, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 403 Forbidden\r\n"))
        #expect(text.contains("\r\nConnection: close\r\n"))
        #expect(text.hasSuffix("\r\n\r\norigin not allowed\n"))
    }
}
