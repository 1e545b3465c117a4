import HTTP
import Testing
@testable import Server
import WebSocket

/// The body-framing state machine, byte-exactly: every split of a stream gives the same requests.
@Suite struct RequestFramerTests {
    typealias Event = RequestFramer.Event

    /// Feeds `chunks` in order and collects every event but `.needMore`; stops at `.invalid`
    /// or `.upgrade` (what follows is not HTTP), and returns the bytes left after it.
    static func run(_ chunks: [[UInt8]], maxBody: Int = 64) -> (events: [Event], rest: [UInt8]) {
        var framer = RequestFramer(maxBodyBytes: maxBody)
        var events: [Event] = []
        for (index, chunk) in chunks.enumerated() {
            var rest = chunk[...]
            repeat {
                let (event, consumed) = framer.next(Array(rest))
                rest = rest.dropFirst(consumed)
                switch event {
                case .needMore: break
                case .invalid, .upgrade:
                    events.append(event)
                    return (events, Array(rest) + chunks.dropFirst(index + 1).flatMap { $0 })
                default: events.append(event)
                }
            } while !rest.isEmpty
        }
        return (events, [])
    }

    static func bodies(_ events: [Event]) -> [String] {
        events.compactMap {
            guard case .request(let head, let body) = $0 else { return nil }
            return "\(head.method) \(head.path) \(String(decoding: body, as: UTF8.self))"
        }
    }

    static let stream = Array((
        "POST /api/triage HTTP/1.1\r\nHost: x\r\nContent-Length: 27\r\n\r\n{\"visit\":\"v1\",\"priority\":2}"
            + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
            + "PUT /a HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
            + "POST /b HTTP/1.1\r\nHost: x\r\ncontent-length: 3, 3\r\n\r\nabc").utf8)
    static let expected = ["POST /api/triage {\"visit\":\"v1\",\"priority\":2}", "GET /healthz ", "PUT /a ", "POST /b abc"]

    @Test func aPipelinedStreamGivesTheSameRequestsSplitAtEveryByte() {
        #expect(Self.bodies(Self.run([Self.stream]).events) == Self.expected)
        for split in 1 ..< Self.stream.count {
            let events = Self.run([Array(Self.stream[..<split]), Array(Self.stream[split...])]).events
            #expect(Self.bodies(events) == Self.expected, "split at \(split)")
            #expect(events.count == 4, "split at \(split)")
        }
        #expect(Self.bodies(Self.run(Self.stream.map { [$0] }).events) == Self.expected)
    }

    @Test func theBodyStopsExactlyAtContentLengthAndTheRestIsTheNextRequest() {
        var framer = RequestFramer(maxBodyBytes: 64)
        let head = Array("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n".utf8)
        #expect(framer.next(head) == (.needMore, head.count))
        #expect(!framer.isIdle)
        #expect(framer.next(Array("ab".utf8)) == (.needMore, 2))
        let (event, consumed) = framer.next(Array("cdGET".utf8))
        #expect(consumed == 2)
        guard case .request(_, let body) = event else { Issue.record("\(event)"); return }
        #expect(body == Array("abcd".utf8))
        #expect(framer.isIdle)
    }

    @Test(arguments: [
        ("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", 501),
        ("GET /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        ("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("POST /x HTTP/1.1\r\nHost: x\r\n\r\n", 411),
        ("PATCH /x HTTP/1.0\r\n\r\n", 411),
        ("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 65\r\n\r\n", 413),
        ("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n", 413),
        ("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400),
        ("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\n", 400),
        ("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 0x10\r\n\r\n", 400),
        ("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length:\r\n\r\n", 400),
        ("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 4\r\n\r\n", 400),
        ("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 400),
        ("GET /x HTTP/1.1\nHost: x\r\n\r\n", 400),
    ])
    func refusedFramingsAnswerTheirStatusBeforeAnyBodyIsRead(request: String, status: Int) {
        var framer = RequestFramer(maxBodyBytes: 64)
        let bytes = Array((request + "more bytes that are never read").utf8)
        guard case .invalid(let got, _) = framer.next(bytes).event else { Issue.record("not refused"); return }
        #expect(got == status)
        guard case .invalid = framer.next(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)).event else {
            Issue.record("a refused framer must stay refused"); return
        }
    }

    @Test func aBodyOfExactlyTheLimitIsAccepted() {
        let request = Array("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 64\r\n\r\n".utf8) + Array(repeating: UInt8(ascii: "a"), count: 64)
        #expect(Self.bodies(Self.run([request]).events) == ["POST /x " + String(repeating: "a", count: 64)])
    }

    @Test func expectContinueIsAnnouncedAfterTheHeadAndBeforeTheBody() {
        let head = Array("POST /x HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\n".utf8)
        for split in 1 ... head.count {
            let events = Self.run([Array(head[..<split]), Array(head[split...]) + Array("hi".utf8)]).events
            #expect(events.first == .sendContinue, "split at \(split)")
            #expect(Self.bodies(events) == ["POST /x hi"])
        }
        // Not for HTTP/1.0 (it does not know 100), not without a body, not when refused.
        let old = Array("POST /x HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi".utf8)
        #expect(Self.run([old]).events.first != .sendContinue)
        let empty = Array("POST /x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n".utf8)
        #expect(Self.bodies(Self.run([empty]).events) == ["POST /x "])
        let large = Array("POST /x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 65\r\n\r\n".utf8)
        guard case .invalid(413, _) = Self.run([large]).events.first else { Issue.record("expected 413"); return }
    }

    @Test func anUpgradeHeadLeavesTheFollowingBytesToTheNewProtocol() {
        let head = "GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nContent-Length: 5\r\n\r\n"
        let (events, rest) = Self.run([Array((head + "\u{81}\u{05}").utf8)])
        guard case .upgrade(let parsed) = events.first else { Issue.record("\(events)"); return }
        #expect(parsed.path == "/echo")
        #expect(rest == Array("\u{81}\u{05}".utf8))
    }
}
