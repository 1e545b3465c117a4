import Testing
@testable import LoadGenerator

@Suite struct ReportTests {
    @Test func chartHasOneLinePerSeriesAndEscapedLabels() {
        let chart = PercentileChart(title: "clinic <p99>", series: [
            .init(label: "CareWire", points: [(0, 50), (90, 80), (99, 120), (99.9, 300)]),
            .init(label: "Node & ws", points: [(0, 70), (99, 250)]),
        ])
        let svg = chart.render()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(svg.components("<polyline") == 2)
        #expect(svg.contains("Node &amp; ws") && svg.contains("clinic &lt;p99&gt;"))
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    @Test func percentileAxisCountsNines() {
        #expect(PercentileChart.nines(0) == 0)
        #expect(abs(PercentileChart.nines(90) - 1) < 1e-9)
        #expect(abs(PercentileChart.nines(99.9) - 3) < 1e-9)
        #expect(PercentileChart.nines(100) == PercentileChart.nines)
        #expect(PercentileChart.niceCeiling(130) == 200 && PercentileChart.niceCeiling(0.7) == 1 && PercentileChart.niceCeiling(4_100) == 5_000)
    }

    @Test func jsonIsOneLineInTheGivenOrder() {
        let value = JSONValue.object([
            ("b", .integer(2)), ("a", .number(1.5)), ("s", .string("q\"\n\u{1}")), ("n", .null),
            ("l", .array([.bool(true), .number(3)])),
        ])
        #expect(value.rendered == #"{"b":2,"a":1.5,"s":"q\"\n\u0001","n":null,"l":[true,3]}"#)
        #expect(JSONValue.number(.nan).rendered == "null")
    }

    @Test func handshakeChecksTheAcceptValue() {
        let good = Array("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: \(ClientHandshake.expectedAccept)\r\n\r\n".utf8) + [0x81, 0x00]
        #expect(ClientHandshake.evaluate(good) == .accepted(bodyStart: good.count - 2))
        #expect(ClientHandshake.evaluate(Array(good.prefix(30))) == .incomplete)
        let wrong = Array("HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: nope\r\n\r\n".utf8)
        #expect(ClientHandshake.evaluate(wrong) == .rejected("wrong or missing Sec-WebSocket-Accept"))
        guard case .rejected = ClientHandshake.evaluate(Array("HTTP/1.1 404 Not Found\r\n\r\n".utf8)) else {
            Issue.record("a 404 must be rejected")
            return
        }
        // RFC 6455 §1.3 example key and accept value.
        #expect(ClientHandshake.expectedAccept == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func layoutPutsEveryoneInARoomAndSpreadsThreads() {
        let layout = RoomLayout(connections: 10, roomSize: 4, threads: 3, publishersPerRoom: 1)
        #expect(layout.roomCount == 3 && layout.memberCount(ofRoom: 2) == 2)
        #expect(layout.publisherCount == 3 && (0..<10).filter(layout.isPublisher) == [0, 4, 8])
        #expect(layout.publisherIndex(of: 8) == 2 && layout.publisherIndex(of: 9) == nil)
        #expect(layout.recipients(perMessageIn: 0) == 3 && layout.recipients(perMessageIn: 2) == 1)
        #expect(layout.members(ofThread: 1) == [1, 4, 7])
        #expect(Set((0..<3).flatMap(layout.members(ofThread:))) == Set(0..<10))
    }

    @Test func argumentsTakeDefaultsAndOverrides() throws {
        let clinic = try LoadConfiguration.parse(["clinic", "--url", "ws://127.0.0.1:9"])
        #expect(clinic.connections == 2_000 && clinic.roomSize == 4 && clinic.rate == 5_000 && clinic.duration == 20 && clinic.warmup == 3)
        let broadcast = try LoadConfiguration.parse(["broadcast", "--url", "ws://127.0.0.1:9", "--connections", "101", "--quiet"])
        #expect(broadcast.roomSize == 101 && broadcast.rate == 200 && broadcast.quiet)
        let many = try LoadConfiguration.parse(["connections", "--url", "ws://localhost:9", "--connections", "45000"])
        #expect(many.sources.map(\.description) == ["127.0.0.1:0", "127.0.0.2:0", "127.0.0.3:0"])
        let care = try LoadConfiguration.parse(["clinic", "--url", "ws://127.0.0.1:9", "--protocol", "carewire"])
        #expect(care.isCarewire && care.tokenSecret == CareTokens.demoSecret && !clinic.isCarewire)
        let queue = try LoadConfiguration.parse(["queue", "--url", "ws://127.0.0.1:9", "--acceptors", "2"])
        #expect(queue.isCarewire && queue.connections == 200 && queue.rate == 20 && queue.acceptors == 2)
        let storm = try LoadConfiguration.parse(["storm", "--url", "ws://127.0.0.1:9", "--away", "2", "--token-secret", "0123456789abcdef"])
        #expect(storm.isCarewire && storm.connections == 2_000 && storm.away == 2 && storm.tokenSecret == "0123456789abcdef")
        #expect(throws: UsageError.self) { try LoadConfiguration.parse(["storm", "--url", "ws://127.0.0.1:9", "--protocol", "room-path"]) }
        #expect(throws: UsageError.self) { try LoadConfiguration.parse(["broadcast", "--url", "ws://127.0.0.1:9", "--protocol", "carewire"]) }
        #expect(throws: UsageError.self) { try LoadConfiguration.parse(["storm", "--url", "ws://127.0.0.1:9", "--token-secret", "short"]) }
        #expect(throws: UsageError.self) { try LoadConfiguration.parse(["clinic", "--url", "http://x"]) }
        #expect(throws: UsageError.self) { try LoadConfiguration.parse(["clinic", "--url", "ws://127.0.0.1:9", "--bogus", "1"]) }
    }
}

extension String {
    fileprivate func components(_ needle: String) -> Int {
        var count = 0
        var rest = self[...]
        while let range = rest.firstRange(of: needle) {
            count += 1
            rest = rest[range.upperBound...]
        }
        return count
    }
}
