import HTTP
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
        // The parser refuses an HTTP/1.1 head without Host; such a head is built with a stand-in
        // Host that is then removed, as a caller other than the server could hand it over.
        let standIn = !headers.contains { $0.name == "Host" }
        let lines = (standIn ? [("Host", "stand-in")] : []) + headers
        let text = "\(method) /chat \(version)\r\n" + lines.map { "\($0.0): \($0.1)\r\n" }.joined() + "\r\n"
        var parser = HTTPRequestParser()
        guard case .complete(var head, _) = parser.parse(utf8(text)) else { preconditionFailure("bad fixture") }
        if standIn { head.headers.removeFirst() }
        return head
    }

    static let policy = HandshakePolicy(allowedOrigins: ["http://example.com"], deflate: nil)

    static func status(_ decision: HandshakeDecision) -> Int {
        switch decision {
        case .accept: 101
        case .reject(let response): response.status
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

    @Test func wrongVersionNamesVersion13ByteExact() {
        let decision = Handshake.evaluate(Self.request(["Sec-WebSocket-Version": "8"]), policy: Self.policy)
        let body = "unsupported WebSocket version\n"
        let expected = HTTPResponse(
            status: 426,
            headers: [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store"), ("Sec-WebSocket-Version", "13")],
            body: utf8(body))
        #expect(decision == .reject(expected))
        // What the server writes: its own headers after the response's, then the framing.
        #expect(expected.encoded(keepAlive: false, adding: [("X-Content-Type-Options", "nosniff")]) == utf8(
            "HTTP/1.1 426 Upgrade Required\r\n" + "Content-Type: text/plain; charset=utf-8\r\n" + "Cache-Control: no-store\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + "X-Content-Type-Options: nosniff\r\n"
                + "Content-Length: \(body.utf8.count)\r\n" + "Connection: close\r\n" + "\r\n" + body))
    }

    @Test func forbiddenOriginIsA403WithItsReason() {
        let decision = Handshake.evaluate(Self.request(["Origin": "http://evil.example"]), policy: Self.policy)
        #expect(decision == .reject(.text(403, "origin not allowed\n")))
    }

    /// Heads the parser would refuse (it applies the same Host rule) can still reach
    /// `evaluate` from other callers: it checks them itself.
    @Test(arguments: [
        ("two Host", [("Host", "server.example.com")], "more than one Host"),
        ("two Host, second empty", [("host", "")], "more than one Host"),
        ("two Origin, both allowed", [("Origin", "http://example.com")], "more than one Origin"),
        ("two Origin, second not allowed", [("origin", "http://evil.example")], "more than one Origin"),
    ] as [(String, [(String, String)], String)])
    func aRepeatedHostOrOriginIs400(_ label: String, added: [(String, String)], reason: String) {
        var head = Self.request()
        head.headers += added.map { (name: $0.0, value: $0.1) }
        #expect(Handshake.evaluate(head, policy: Self.policy) == .reject(.text(400, reason + "\n")), "\(label)")
        // And the allowed Origin first and the other second is no way round it: the order does not matter.
        var reversed = Self.request(["Origin": nil, "Host": nil])
        reversed.headers += added.map { (name: $0.0, value: $0.1) } + [("Host", "server.example.com"), ("Origin", "http://example.com")]
        #expect(Self.status(Handshake.evaluate(reversed, policy: Self.policy)) == 400, "\(label), reversed")
    }

    @Test func anEmptyOrInvalidHostIs400() {
        for (value, reason) in [("", "empty Host"), ("a b", "invalid Host"), ("evil.example/x", "invalid Host")] {
            var head = Self.request(["Host": nil])
            head.headers.append(("Host", value))
            #expect(Handshake.evaluate(head, policy: Self.policy) == .reject(.text(400, reason + "\n")), "\(value)")
        }
        // Positive control: one Host and one allowed Origin, in any order among the others.
        var head = Self.request(["Host": nil, "Origin": nil])
        head.headers.insert(("Origin", "http://example.com"), at: 0)
        head.headers.append(("host", "server.example.com:8080"))
        #expect(Self.status(Handshake.evaluate(head, policy: Self.policy)) == 101)
    }
}
