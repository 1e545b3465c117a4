import Glibc
import Logging
import Testing
@testable import Server
import WebSocket

@Suite(.serialized) struct HTTPApplicationTests {
    final class Fixture {
        let events = EventLog()
        let inboxes = Inboxes()
        let server: Server
        init(_ adjust: (inout ServerConfiguration) -> Void = { _ in }) throws {
            var configuration = ServerConfiguration()
            configuration.port = 0
            configuration.loops = 2
            configuration.webRoot = "/nonexistent"
            adjust(&configuration)
            try configuration.validate()
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let (events, inboxes) = (events, inboxes)
            let desk = ApplicationEndpoint(path: "/desk", subprotocols: [], requireSubprotocol: false,
                                           httpPaths: ["/api/", "/healthz"]) {
                DeskApplication(services: $0, events: events, inboxes: inboxes)
            }
            // An application without `request` of its own: the default answers 404.
            let shout = ApplicationEndpoint(path: "/shout", subprotocols: [], requireSubprotocol: false, httpPaths: ["/shout/http"]) {
                ShoutApplication(services: $0, events: nil)
            }
            server = try Server(configuration: configuration, logger: logger, applications: [desk, shout])
        }
        func stop() { server.shutdown(); server.wait() }
        func client() throws -> TestClient { try TestClient(port: server.port) }
    }

    static func post(_ path: String, _ body: String, headers: String = "") -> String {
        "POST \(path) HTTP/1.1\r\nHost: x\r\n\(headers)Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    static let triage = #"{"visit":"v-17","priority":2}"#

    @Test func anImmediateAnswerCarriesTheBodyAndTheConnectionStaysOpen() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let client = try fixture.client()
        client.send(Self.post("/api/echo?src=triage", Self.triage, headers: "Authorization: Bearer k1\r\n"))
        let response = try client.readHTTPResponse()
        #expect(response.status == 201)
        #expect(String(decoding: response.body, as: UTF8.self) == Self.triage)
        #expect(response.head.hasPrefix("HTTP/1.1 201 Created\r\n"))
        for line in ["Content-Type: application/json; charset=utf-8", "Cache-Control: no-store", "X-Key: Bearer k1",
                     "X-Query: src=triage", "X-Method: POST", "Content-Length: \(Self.triage.utf8.count)",
                     "Connection: keep-alive", "X-Content-Type-Options: nosniff"] {
            #expect(response.head.contains(line + "\r\n") || response.head.hasSuffix(line), "\(line)")
        }
        #expect(!response.head.contains("999") && !response.head.contains("X-Bad") && !response.head.contains("Set-Cookie"))
        // The same connection goes on: /healthz stays the server's even though "/healthz" is listed.
        client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let health = try client.readHTTPResponse()
        #expect(health.status == 200 && health.body == Array("ok\n".utf8))
        client.send("GET /api/empty HTTP/1.1\r\nHost: x\r\n\r\n")
        let empty = try client.readHTTPResponse()
        #expect(empty.status == 204 && empty.body.isEmpty && !empty.head.contains("Content-Length"))
        client.send("DELETE /shout/http HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readHTTPResponse().status == 404)
    }

    @Test func aRequestSentOneByteAtATimeIsAnswered() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let client = try fixture.client()
        for byte in Self.post("/api/echo", Self.triage).utf8 { client.send([byte]) }
        let response = try client.readHTTPResponse()
        #expect(response.status == 201 && String(decoding: response.body, as: UTF8.self) == Self.triage)
    }

    @Test func aLaterAnswerComesBeforeTheAnswerToAPipelinedGet() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let client = try fixture.client()
        client.send(Self.post("/api/later", "first") + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" + Self.post("/api/echo", "third"))
        let token = try fixture.events.token()
        #expect(try fixture.events.wait(for: "pending") == "pending \(token) first")
        fixture.inboxes.answer(token, "committed")
        let first = try client.readHTTPResponse()
        #expect(first.status == 200 && first.body == Array("committed".utf8))
        let second = try client.readHTTPResponse()
        #expect(second.status == 200 && second.body == Array("ok\n".utf8))
        let third = try client.readHTTPResponse()
        #expect(third.status == 201 && third.body == Array("third".utf8))
    }

    @Test func pipelinedInputBeyondOneRequestWaitsInTheKernelUntilTheAnswer() throws {
        // With no body allowed the backlog holds one head (8 KiB); 26 KB of GETs overflow it,
        // so reading pauses, and resumes once the pending answer is queued.
        let fixture = try Fixture { $0.maxRequestBodyBytes = 0 }
        defer { fixture.stop() }
        let client = try fixture.client()
        let count = 1000
        client.send(Self.post("/api/later", ""))
        let token = try fixture.events.token()
        client.send(String(repeating: "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", count: count))
        fixture.inboxes.answer(token, "first")
        #expect(try client.readHTTPResponse().body == Array("first".utf8))
        for index in 0 ..< count {
            let response = try client.readHTTPResponse()
            guard response.status == 200, response.body == Array("ok\n".utf8) else {
                Issue.record("response \(index): \(response.status)")
                return
            }
        }
    }

    @Test func expectContinueGetsA100BeforeTheBodyIsSent() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let client = try fixture.client()
        client.send("POST /api/echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        let interim = try client.readHTTPResponse()
        #expect(interim.head == "HTTP/1.1 100 Continue")
        client.send("hello")
        let response = try client.readHTTPResponse()
        #expect(response.status == 201 && response.body == Array("hello".utf8))
    }

    @Test(arguments: [
        ("POST /api/echo HTTP/1.1\r\nHost: x\r\n\r\n", 411, "Length Required"),
        ("POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 65537\r\n\r\n", 413, "Content Too Large"),
        ("POST /api/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 501, "Not Implemented"),
        ("POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400, "Bad Request"),
    ])
    func refusedBodiesAreAnsweredAndTheConnectionCloses(request: String, status: Int, reason: String) throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let client = try fixture.client()
        client.send(request)
        let response = try client.readHTTPResponse()
        #expect(response.status == status)
        #expect(response.head.hasPrefix("HTTP/1.1 \(status) \(reason)\r\n"))
        #expect(response.head.contains("Connection: close"))
        #expect(client.readSome().isEmpty)
        #expect(fixture.events.entries.isEmpty)
    }

    @Test func aBodyThatNeverCompletesGets408() throws {
        let fixture = try Fixture { $0.handshakeTimeout = 0.3 }
        defer { fixture.stop() }
        let client = try fixture.client()
        client.send("POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        #expect(try client.readHTTPResponse().status == 408)
        #expect(client.readSome().isEmpty)
    }

    @Test func anApplicationThatNeverAnswersGets503AndItsLateAnswerIsIgnored() throws {
        let fixture = try Fixture { $0.httpReplyTimeout = 0.3 }
        defer { fixture.stop() }
        let client = try fixture.client()
        client.send(Self.post("/api/never", "x") + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.readHTTPResponse()
        #expect(response.status == 503 && response.head.contains("Connection: close"))
        #expect(client.readSome().isEmpty)
        fixture.inboxes.answer(try fixture.events.token(), "too late")
        _ = try fixture.events.wait(for: "answered")
        let other = try fixture.client()
        other.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try other.readHTTPResponse().status == 200)
    }

    @Test func answeringAfterTheClientLeftDoesNothing() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        var client: TestClient? = try fixture.client()
        client?.send(Self.post("/api/later", "gone"))
        let token = try fixture.events.token()
        client = nil  // closes the socket
        let probe = try fixture.client()
        // Wait until the server saw the close: only the probe's connection is left.
        for _ in 0 ..< 200 {
            probe.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
            let metrics = String(decoding: try probe.readHTTPResponse().body, as: UTF8.self)
            if metrics.contains("\ncarewire_connections 1\n") { break }
            usleep(10000)
        }
        fixture.inboxes.answer(token, "nobody listens")
        _ = try fixture.events.wait(for: "answered")
        probe.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try probe.readHTTPResponse().status == 200)
    }

    @Test func aPostToAStaticPathIsReadAnd405KeepsTheConnection() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let client = try fixture.client()
        client.send(Self.post("/index.html", "ignored") + "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        var bytes: [UInt8] = []
        while !String(decoding: bytes, as: UTF8.self).hasSuffix("\r\n\r\nok\n") {
            let more = client.readSome()
            guard !more.isEmpty else { break }
            bytes += more
        }
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: "\r\n\r\n", omittingEmptySubsequences: false)
        // 405 (with its body) + HEAD's head without a body + GET's head and body.
        #expect(parts.count == 4)
        guard parts.count == 4 else { return }
        #expect(parts[0].hasPrefix("HTTP/1.1 405 ") && parts[0].contains("Allow: GET, HEAD"))
        #expect(parts[1].hasPrefix("method not allowed\nHTTP/1.1 200 OK") && parts[1].contains("Content-Length: 3"))
        #expect(parts[2].hasPrefix("HTTP/1.1 200 OK") && parts[3] == "ok\n")
    }
}
