import HTTP
import Testing
@testable import WebSocket

@Suite struct HTTPRequestParserTests {
    static let upgrade = utf8(
        "GET /chat?visit=42 HTTP/1.1\r\n" + "Host: server.example.com\r\n" + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n" + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Origin: http://example.com\r\n" + "Sec-WebSocket-Protocol: chat, superchat\r\n"
            + "Sec-WebSocket-Version: 13\r\n" + "X-Empty:\r\n" + "\r\n")

    static func complete(_ result: HTTPParseResult) -> (HTTPRequestHead, Int)? {
        guard case .complete(let head, let consumed) = result else { return nil }
        return (head, consumed)
    }

    @Test func parsesAnUpgradeRequest() throws {
        var parser = HTTPRequestParser()
        let (head, consumed) = try #require(Self.complete(parser.parse(Self.upgrade)))
        #expect(consumed == Self.upgrade.count)
        #expect(head.method == "GET")
        #expect(head.target == "/chat?visit=42")
        #expect(head.path == "/chat")
        #expect(head.query == "visit=42")
        #expect(head.version == .http1_1)
        #expect(head.headers.count == 8)
        #expect(head.headers[0].name == "Host" && head.headers[0].value == "server.example.com")
        #expect(head.header("sec-websocket-key") == "dGhlIHNhbXBsZSBub25jZQ==")
        #expect(head.header("x-empty") == "")
        #expect(head.header("missing") == nil)
        #expect(head.headerValues("SEC-WEBSOCKET-PROTOCOL") == ["chat", "superchat"])
    }

    @Test func parsesOneByteAtATime() throws {
        var parser = HTTPRequestParser()
        for byte in Self.upgrade.dropLast() {
            #expect(parser.parse([byte]) == .needMore)
        }
        let (head, consumed) = try #require(Self.complete(parser.parse([Self.upgrade.last!])))
        #expect(consumed == 1)
        #expect(head.header("Host") == "server.example.com")
    }

    @Test func everyTwoWaySplitGivesTheSameHead() throws {
        var whole = HTTPRequestParser()
        let (expected, _) = try #require(Self.complete(whole.parse(Self.upgrade)))
        for cut in 1 ..< Self.upgrade.count {
            var parser = HTTPRequestParser()
            #expect(parser.parse(Array(Self.upgrade[..<cut])) == .needMore)
            #expect(parser.parse(Array(Self.upgrade[cut...])) == .complete(expected, consumed: Self.upgrade.count - cut))
        }
    }

    @Test func bytesAfterTheHeadAreLeftToTheCaller() throws {
        var parser = HTTPRequestParser()
        let frames = hex("81 85 37 fa 21 3d 7f 9f 4d 51 58")
        #expect(parser.parse(Array(Self.upgrade.prefix(10))) == .needMore)
        let (_, consumed) = try #require(Self.complete(parser.parse(Array(Self.upgrade.dropFirst(10)) + frames)))
        #expect(consumed == Self.upgrade.count - 10)
    }

    @Test func startsOverAfterACompleteHead() throws {
        var parser = HTTPRequestParser()
        _ = parser.parse(Self.upgrade)
        let (head, _) = try #require(Self.complete(parser.parse(utf8("GET / HTTP/1.0\r\n\r\n"))))
        #expect(head.path == "/" && head.query == nil && head.version == .http1_0 && head.headers.isEmpty)
    }

    @Test(arguments: [
        ("GET /a/b?x=1&y HTTP/1.1", "/a/b", "x=1&y"),
        ("GET /? HTTP/1.1", "/", ""),
        ("GET http://example.com/a?b HTTP/1.1", "/a", "b"),
        ("GET http://example.com HTTP/1.1", "/", nil),
        ("OPTIONS * HTTP/1.1", "*", nil),
    ] as [(String, String, String?)])
    func splitsTheTarget(line: String, path: String, query: String?) throws {
        var parser = HTTPRequestParser()
        let (head, _) = try #require(Self.complete(parser.parse(utf8(line + "\r\nHost: h\r\n\r\n"))))
        #expect(head.path == path && head.query == query)
    }

    @Test(arguments: [
        ("GET /\r\n\r\n", 400),  // no version
        ("GET  / HTTP/1.1\r\n\r\n", 400),  // two spaces
        ("G@T / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1 \r\n\r\n", 400),
        ("GET / HTTP/1.10\r\n\r\n", 400),
        ("GET / FTP/1.1\r\n\r\n", 400),
        ("GET /\u{7F} HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\n\r\n", 505),
        ("\r\nGET / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\nHost: h\r\n\r\n", 400),  // bare LF
        ("GET / HTTP/1.1\r\nHost: h\n\n", 400),
        ("GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n", 400),  // obs-fold
        ("GET / HTTP/1.1\r\n\tfolded\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400),  // space before colon
        ("GET / HTTP/1.1\r\nNoColon\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\n: empty name\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nX: a\u{0}b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", 400),  // bare CR
    ] as [(String, Int)])
    func rejectsMalformedHeads(text: String, status: Int) {
        var parser = HTTPRequestParser()
        guard case .invalid(let got, _) = parser.parse(utf8(text)) else {
            Issue.record("accepted \(text.debugDescription)")
            return
        }
        #expect(got == status)
        // And keeps rejecting.
        guard case .invalid(got, _) = parser.parse(Self.upgrade) else {
            Issue.record("recovered")
            return
        }
    }

    @Test func headOver8KiBIs431() {
        var parser = HTTPRequestParser()
        let head = utf8("GET / HTTP/1.1\r\nX-Big: " + String(repeating: "a", count: 8200) + "\r\n\r\n")
        #expect(parser.parse(head) == .invalid(status: 431, reason: "request header section too large"))
    }

    @Test func headOfExactly8KiBIsAccepted() throws {
        let prefix = "GET / HTTP/1.1\r\nHost: h\r\nX-Big: "
        let padding = String(repeating: "a", count: 8192 - prefix.utf8.count - 4)
        let head = utf8(prefix + padding + "\r\n\r\n")
        #expect(head.count == 8192)
        var parser = HTTPRequestParser()
        #expect(Self.complete(parser.parse(head)) != nil)
    }

    @Test func requestLineOver8KiBIs414() {
        var parser = HTTPRequestParser()
        let line = utf8("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\n\r\n")
        #expect(parser.parse(line) == .invalid(status: 414, reason: "request line too long"))
    }

    @Test func moreThan100HeadersIs431() throws {
        let headers = (0 ..< 101).map { "X-\($0): v\r\n" }.joined()
        var parser = HTTPRequestParser()
        #expect(parser.parse(utf8("GET / HTTP/1.1\r\n" + headers + "\r\n")) == .invalid(status: 431, reason: "too many headers"))
        var exactly = HTTPRequestParser()
        let hundred = "Host: h\r\n" + headers.dropLast(9 + 8)  // Host and X-0 ... X-98 ("\r\n" is one Character)
        let (head, _) = try #require(Self.complete(exactly.parse(utf8("GET / HTTP/1.1\r\n" + hundred + "\r\n"))))
        #expect(head.headers.count == 100)
    }

    @Test func endlessInputStopsAtTheLimit() {
        var parser = HTTPRequestParser()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        var results: [HTTPParseResult] = []
        for _ in 0 ..< 1000 { results.append(parser.parse(chunk)) }  // 1 MB offered
        #expect(results.prefix(8).allSatisfy { $0 == .needMore })
        #expect(results.dropFirst(8).allSatisfy { $0 == .invalid(status: 414, reason: "request line too long") })
    }

    @Test func headerValuesSplitListsOutsideQuotes() throws {
        var parser = HTTPRequestParser()
        let text = "GET / HTTP/1.1\r\nHost: h\r\nSec-WebSocket-Extensions: a; p=\"x,y\", b\r\n"
            + "sec-websocket-extensions: c,, d \r\n\r\n"
        let (head, _) = try #require(Self.complete(parser.parse(utf8(text))))
        #expect(head.headerValues("Sec-WebSocket-Extensions") == ["a; p=\"x,y\"", "b", "c", "d"])
        #expect(head.header("SEC-WEBSOCKET-EXTENSIONS") == "a; p=\"x,y\", b")
    }
}

/// RFC 9112 §3.2: an HTTP/1.1 request without Host, and any request with two Host lines or an
/// empty or invalid Host, is a 400. Every fixture also fed in every two-way split and byte by byte.
@Suite struct HTTPRequestParserHostTests {
    /// The results of feeding `text` cut at `cuts`.
    static func results(_ text: String, cuts: [Int]) -> [HTTPParseResult] {
        var parser = HTTPRequestParser()
        var results: [HTTPParseResult] = []
        feed(utf8(text), cuts: cuts) { results.append(parser.parse($0)) }
        return results
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\n\r\n", "missing Host"),
        ("GET http://a.example/ HTTP/1.1\r\nX-Host: a\r\n\r\n", "missing Host"),
        ("GET / HTTP/1.1\r\nHost:\r\n\r\n", "empty Host"),
        ("GET / HTTP/1.1\r\nHost:   \r\n\r\n", "empty Host"),
        ("GET / HTTP/1.0\r\nHost:\r\n\r\n", "empty Host"),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", "more than one Host"),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: y\r\nhOST: b\r\n\r\n", "more than one Host"),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost:\r\n\r\n", "more than one Host"),
        ("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", "more than one Host"),
        ("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", "invalid Host"),
        ("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", "invalid Host"),
        ("GET / HTTP/1.1\r\nHost: user@a\r\n\r\n", "invalid Host"),
        ("GET / HTTP/1.1\r\nHost: v\u{E5}rden.example\r\n\r\n", "invalid Host"),
    ] as [(String, String)])
    func refusesABadHostAt400(text: String, reason: String) {
        for cuts in chunkings(text.utf8.count) {
            let results = Self.results(text, cuts: cuts)
            #expect(results.dropLast().allSatisfy { $0 == .needMore }, "cuts \(cuts)")
            #expect(results.last == .invalid(status: 400, reason: reason), "cuts \(cuts)")
        }
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\nhost: 127.0.0.1:8080\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: xn--vrden-lra.example\r\n\r\n",
        "GET / HTTP/1.1\r\nX-Host: a\r\nHost: a\r\nX-Forwarded-Host: b, c\r\n\r\n",
        "GET / HTTP/1.0\r\n\r\n",  // HTTP/1.0 may leave it out
    ])
    func acceptsExactlyOneValidHost(text: String) throws {
        var whole = HTTPRequestParser()
        let (expected, consumed) = try #require(HTTPRequestParserTests.complete(whole.parse(utf8(text))))
        #expect(consumed == text.utf8.count)
        for cuts in chunkings(text.utf8.count) {
            let results = Self.results(text, cuts: cuts)
            #expect(results.dropLast().allSatisfy { $0 == .needMore }, "cuts \(cuts)")
            let lastPiece = text.utf8.count - (cuts.last ?? 0)
            #expect(results.last == .complete(expected, consumed: lastPiece), "cuts \(cuts)")
        }
    }
}

@Suite struct HTTPRequestParserRandomInputTests {
    /// Mutated requests fed in random pieces: every outcome is a head, a documented status, or
    /// a wait for more bytes; never a trap.
    @Test func survivesMutatedRequests() {
        var random = noise(count: 400_000, seed: 99).makeIterator()
        func next(_ bound: Int) -> Int { Int(random.next()!) % bound }
        let alphabet = utf8("\r\n :\t/?=aZ0\u{7F}") + [0, 0x80, 0xFF]
        for _ in 0 ..< 2000 {
            var request = HTTPRequestParserTests.upgrade
            for _ in 0 ..< 1 + next(4) {
                request[next(request.count)] = alphabet[next(alphabet.count)]
            }
            var parser = HTTPRequestParser()
            var start = 0
            while start < request.count {
                let end = min(request.count, start + 1 + next(80))
                let result = parser.parse(Array(request[start ..< end]))
                start = end
                if case .invalid(let status, _) = result {
                    #expect([400, 414, 431, 505].contains(status))
                    break
                }
                if case .complete(_, let consumed) = result {
                    #expect(consumed > 0)
                    break
                }
            }
        }
    }
}
