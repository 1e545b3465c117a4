import Testing
@testable import Server
import WebSocket

/// Issue 21 item 8: the Content-Security-Policy, `--allowed-origins` syntax, and the security
/// headers on every final response (refused upgrades and the connection-limit 503 included).
@Suite struct SecurityHeadersTests {
    static let policyWithoutConnect =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src "

    @Test func connectSrcIsSelfOnly() {
        #expect(SecurityHeaders.contentSecurityPolicy(allowedOrigins: []) == Self.policyWithoutConnect
            + "'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
    }

    @Test func allowedOriginsAreAddedOnceAsTheirWebSocketSchemeInLowerCaseButNeverTheWildcard() {
        let policy = SecurityHeaders.contentSecurityPolicy(
            allowedOrigins: ["*", "https://App.example", "http://b.example:8080", "https://app.example"])
        #expect(policy == Self.policyWithoutConnect
            + "'self' wss://app.example ws://b.example:8080; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
        for ignored in ["*", "javascript:alert(1)", "https://a.example; script-src *"] {
            #expect(SecurityHeaders.contentSecurityPolicy(allowedOrigins: [ignored])
                == SecurityHeaders.contentSecurityPolicy(allowedOrigins: []), "\(ignored)")
        }
    }

    @Test func theThreeHeadersInOrder() {
        #expect(SecurityHeaders.make(allowedOrigins: []).map(\.name)
            == ["Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"])
        #expect(SecurityHeaders.make(allowedOrigins: []).map(\.value).dropFirst() == ["nosniff", "no-referrer"])
    }
}

@Suite struct HardeningConfigurationTests {
    @Test(arguments: [
        "http://a.example", "https://a.example:8443", "HTTPS://A.Example", "http://127.0.0.1:8080", "http://[::1]:8080",
        "https://[2001:db8::1]", "http://under_score.example",
    ])
    func anOriginIsAccepted(origin: String) throws {
        let c = try ServerConfiguration.parse(arguments: ["--allowed-origins", origin], environment: [:])
        #expect(c.allowedOrigins == [origin])
    }

    /// Each of these would have passed the old prefix check; some would have added a CSP directive.
    @Test(arguments: [
        "http://a.example/", "http://a.example/path", "https://a.example;script-src *", "http://a.example 'unsafe-inline'",
        "http://", "http://:80", "http://a.example:", "http://a.example:99999", "http://a.example:8o", "http://user@a.example",
        "http://[zz::1]", "http://[::1", "http://a.example?x", "ftp://a.example", "http://väst.example",
    ])
    func anythingButAnOriginIsRefusedNamingTheFlag(origin: String) {
        #expect {
            _ = try ServerConfiguration.parse(arguments: ["--allowed-origins", origin], environment: [:])
        } throws: { "\($0)".contains("--allowed-origins") && "\($0)".contains("is not an origin") }
    }
}

@Suite(.serialized) struct HardeningEndToEndTests {
    static let securityHeaders = SecurityHeaders.make(allowedOrigins: []).map { "\r\n\($0.name): \($0.value)\r\n" }

    /// Each security header exactly once.
    static func carriesSecurityHeaders(_ head: String) -> Bool {
        securityHeaders.allSatisfy { head.split(separator: $0.dropLast(2), omittingEmptySubsequences: false).count == 2 }
    }

    static let upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"

    @Test(arguments: [
        ("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 200),
        ("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n", 404),
        ("POST /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 411),
        ("GET /healthz HTTP/1.1\r\n\r\n", 400),
        ("GET /healthz HTTP/1.1\r\nHost: x\r\nHost: x\r\n\r\n", 400),
        ("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n", 400),
        ("GET /echo HTTP/1.1\r\nHost: x\r\n" + upgrade + "Sec-WebSocket-Version: 8\r\n\r\n", 426),
        ("GET /echo HTTP/1.1\r\nHost: x\r\n" + upgrade + "Sec-WebSocket-Version: 13\r\nOrigin: http://evil.example\r\n\r\n", 403),
        ("GET /echo HTTP/1.1\r\nHost: x\r\n" + upgrade + "Sec-WebSocket-Version: 13\r\nOrigin: http://x\r\nOrigin: http://x\r\n\r\n", 400),
        ("GET /nope HTTP/1.1\r\nHost: x\r\n" + upgrade + "Sec-WebSocket-Version: 13\r\n\r\n", 404),
        // Positive control: the same upgrade with one Origin, its own, is accepted (no headers on a 101).
        ("GET /echo HTTP/1.1\r\nHost: x\r\n" + upgrade + "Sec-WebSocket-Version: 13\r\nOrigin: http://x\r\n\r\n", 101),
    ])
    func everyFinalResponseCarriesTheSecurityHeaders(request: String, status: Int) throws {
        let server = try ServerEndToEndTests.start()
        defer { server.shutdown(); server.wait() }
        let client = try TestClient(port: server.port)
        client.send(request)
        let response = try client.readHTTPResponse()
        #expect(response.status == status)
        #expect(Self.carriesSecurityHeaders(response.head) == (status != 101), "\(response.head)")
        if status >= 400 {
            #expect(response.head.contains("\r\nConnection: close") == (status != 404 || request.contains("Upgrade")))
        }
    }

    @Test func theConnectionLimit503CarriesThem() throws {
        let server = try ServerEndToEndTests.start { $0.maxConnections = 1 }
        defer { server.shutdown(); server.wait() }
        let first = try TestClient(port: server.port)
        #expect(try first.upgrade(path: "/echo") == 101)
        let second = try TestClient(port: server.port)
        let response = try second.readHTTPResponse()
        #expect(response.status == 503 && Self.carriesSecurityHeaders(response.head), "\(response.head)")
    }
}
