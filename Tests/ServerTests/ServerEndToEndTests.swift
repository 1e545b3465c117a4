import Logging
import Testing
@testable import Server
import TLS
import WebSocket

/// The real server on 127.0.0.1 port 0, in this process, driven by blocking test clients.
@Suite(.serialized) struct ServerEndToEndTests {
    static func start(_ adjust: (inout ServerConfiguration) -> Void = { _ in }) throws -> Server {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.loops = 2
        configuration.echo = true
        configuration.rooms = true
        configuration.webRoot = "/nonexistent"
        adjust(&configuration)
        try configuration.validate()
        var logger = Logger(label: "test")
        logger.logLevel = .error
        return try Server(configuration: configuration, logger: logger)
    }

    /// `carewire_handovers_total` from /metrics.
    static func handovers(_ server: Server) throws -> Int? {
        let metrics = try TestClient(port: server.port)
        metrics.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        let text = String(decoding: try metrics.readHTTPResponse().body, as: UTF8.self)
        return text.split(separator: "\n").first { $0.hasPrefix("carewire_handovers_total ") }
            .flatMap { Int($0.split(separator: " ")[1]) }
    }

    @Test func echoAnswersTextAndHealthAnswersOk() throws {
        let server = try Self.start()
        defer { server.shutdown(); server.wait() }
        let health = try TestClient(port: server.port)
        health.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try health.readHTTPResponse()
        #expect(response.status == 200)
        #expect(response.head.contains("Content-Security-Policy"))

        let client = try TestClient(port: server.port)
        #expect(try client.upgrade(path: "/echo") == 101)
        client.sendText("hej vården")
        #expect(client.nextText() == "hej vården")
    }

    @Test func echoWorksOverTLS() throws {
        let fixtures = String(#filePath.split(separator: "/").dropLast(2).joined(separator: "/")) + "/TLSTests/Fixtures"
        let server = try Self.start {
            $0.tlsCertificatePath = "/" + fixtures + "/rsa-cert.pem"
            $0.tlsPrivateKeyPath = "/" + fixtures + "/rsa-key.pem"
        }
        defer { server.shutdown(); server.wait() }
        #expect(server.url.hasPrefix("https://"))
        let trust = try TLSContext(client: (verifyPeer: true, trustedCertificatePath: "/" + fixtures + "/rsa-cert.pem"))
        let client = try TestClient(port: server.port, tls: trust)
        #expect(try client.upgrade(path: "/echo") == 101)
        let large = String(repeating: "journalanteckning ", count: 20_000)
        client.sendText(large)
        #expect(client.nextText() == large)
        // Plain HTTP to a TLS port is not answered as HTTP.
        let plain = try TestClient(port: server.port)
        plain.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(throws: TestFailure.self) { try plain.readHTTPResponse() }
    }

    /// The loop that owns a room, by the documented hash (docs/architecture.md: FNV-1a of the
    /// name modulo the loop count; 32-bit, as `RoomDirectory.owner(of:)` computes it),
    /// written out here independently of the server's code.
    static func roomOwner(_ name: String, loops: Int) -> Int {
        var hash: UInt32 = 0x811c_9dc5
        for byte in name.utf8 { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return Int(hash % UInt32(loops))
    }

    @Test func theRoomHashIsFNV1a32() {
        // Published FNV-1a 32-bit test vectors pin the copy above.
        #expect(Self.roomOwner("", loops: Int(UInt32.max)) == 0x811c_9dc5)
        #expect(Self.roomOwner("a", loops: Int(UInt32.max)) == 0xe40c_292c)
        #expect(Self.roomOwner("foobar", loops: Int(UInt32.max)) == 0xbf9c_f968)
    }

    @Test func aRoomMessageReachesEveryOtherMemberOnceAcrossLoops() throws {
        let server = try Self.start()
        defer { server.shutdown(); server.wait() }
        // Two rooms with one owner loop: that loop handles each publish whole, in mailbox order,
        // and posts to the members' loops in that order, so a message of visit-3 that leaked
        // into visit-1 would reach a visit-1 member before anything published there later.
        // (Rooms of different owners share no state a message could leak through.)
        let (room, other) = ("visit-1", "visit-3")
        #expect(Self.roomOwner(room, loops: 2) == Self.roomOwner(other, loops: 2))
        // Enough members that the kernel spreads them over both loops.
        let members = try (0..<8).map { _ in try TestClient(port: server.port) }
        for member in members { #expect(try member.upgrade(path: "/r/\(room)") == 101) }
        // Each join is posted to the room's owner before the 101 leaves, so it precedes any publish.
        let outsider = try TestClient(port: server.port)
        let witness = try TestClient(port: server.port)
        #expect(try outsider.upgrade(path: "/r/\(other)") == 101)
        #expect(try witness.upgrade(path: "/r/\(other)") == 101)
        members[0].sendText("ping-0")
        for (index, member) in members.enumerated() where index > 0 {
            #expect(member.nextText() == "ping-0")
        }
        members[3].sendText("from-3")
        for (index, member) in members.enumerated() where index != 3 {
            #expect(member.nextText() == "from-3")
        }
        outsider.sendText("elsewhere")
        // The witness hearing it means the owner has handled that publish (and posted whatever
        // it posts for it) before it sees the next one.
        #expect(witness.nextText() == "elsewhere")
        members[1].sendText("last")
        // FIFO per connection: had "elsewhere" leaked into visit-1 it would come before "last".
        for (index, member) in members.enumerated() where index != 1 {
            #expect(member.nextText() == "last", "member \(index)")
        }
    }

    @Test func roomMembersMoveToTheRoomsOwnerLoopAndStillHearEveryMessage() throws {
        let server = try Self.start()
        defer { server.shutdown(); server.wait() }
        // 24 connections: the kernel puts about half on the loop that does not own the room
        // (all on the owner has odds of 2^-24), and those are handed over at their upgrade.
        let members = try (0..<24).map { _ in try TestClient(port: server.port) }
        for member in members { #expect(try member.upgrade(path: "/r/affinity") == 101) }
        // Frames right behind the upgrade request (no wait for the 101) travel with the handover.
        let eager = try TestClient(port: server.port)
        #expect(try eager.upgradeEagerly(path: "/r/affinity", firstText: "eager hello") == 101)
        for member in members { #expect(member.nextText() == "eager hello") }
        members[5].sendText("to all")
        for (index, member) in members.enumerated() where index != 5 { #expect(member.nextText() == "to all") }
        #expect(eager.nextText() == "to all")
        let handovers = try Self.handovers(server) ?? 0
        #expect(handovers >= 1 && handovers <= 25)
    }

    @Test func aBigRoomKeepsMembersBeyondTheAffinityLimitSpread() throws {
        let server = try Self.start()
        defer { server.shutdown(); server.wait() }
        // 200 members: without the limit about 100 would move (odds of under 64: ~1e-6).
        let members = try (0..<200).map { _ in try TestClient(port: server.port) }
        for member in members { #expect(try member.upgrade(path: "/r/unit-queue") == 101) }
        members[199].sendText("to everyone")
        for member in members.dropLast() { #expect(member.nextText() == "to everyone") }
        let handovers = try Self.handovers(server) ?? -1
        // About half of the first 64 land on the other loop and move; none of the later 136 do.
        #expect(handovers >= 1 && handovers < 64)
    }

    @Test func shutdownClosesOpenWebSocketsWithGoingAway() throws {
        let server = try Self.start()
        let client = try TestClient(port: server.port)
        #expect(try client.upgrade(path: "/echo") == 101)
        server.shutdown()
        var closeCode: CloseCode?
        while let event = client.nextEvent() {
            if case .closed(let code, _) = event { closeCode = code; break }
        }
        server.wait()
        #expect(closeCode == .goingAway)
    }

    @Test func unknownPathsAndDisabledEndpointsAre404() throws {
        let server = try Self.start { $0.echo = false }
        defer { server.shutdown(); server.wait() }
        let client = try TestClient(port: server.port)
        #expect(try client.upgrade(path: "/echo") == 404)
        let other = try TestClient(port: server.port)
        other.send("GET /../Package.swift HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try other.readHTTPResponse().status == 404)
    }

    @Test func overTheConnectionLimitNewConnectionsGet503() throws {
        let server = try Self.start { $0.maxConnections = 2 }
        defer { server.shutdown(); server.wait() }
        let first = try TestClient(port: server.port)
        let second = try TestClient(port: server.port)
        #expect(try first.upgrade(path: "/echo") == 101)
        #expect(try second.upgrade(path: "/echo") == 101)
        let third = try TestClient(port: server.port)
        #expect(try third.readHTTPResponse().status == 503)
    }

    @Test func anIdleKeepAliveConnectionClosesQuietlyAtTheDeadline() throws {
        let server = try Self.start { $0.handshakeTimeout = 0.3 }
        defer { server.shutdown(); server.wait() }
        let client = try TestClient(port: server.port)
        client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readHTTPResponse().status == 200)
        #expect(try client.readHTTPResponse().status == 200)  // pipelined
        client.expectClosed("end of stream, no unsolicited 408")
    }

    @Test func aWebSocketThatSendsNothingIsClosedAtTheIdleTimeoutWith1001() throws {
        let server = try Self.start {
            $0.pingInterval = 0
            $0.idleTimeout = 0.4
        }
        defer { server.shutdown(); server.wait() }
        let client = try TestClient(port: server.port)
        #expect(try client.upgrade(path: "/echo") == 101)
        var closed: WebSocketEvent?
        while let event = client.nextEvent() {
            if case .closed = event { closed = event; break }
        }
        #expect(closed == .closed(.goingAway, reason: "idle timeout"))
    }

    @Test func aSilentClientIsClosedAtTheHandshakeDeadline() throws {
        let server = try Self.start { $0.handshakeTimeout = 0.3 }
        defer { server.shutdown(); server.wait() }
        let client = try TestClient(port: server.port)
        client.send("GET /echo HTTP/1.1\r\nHost: x\r\n")  // never finishes the head
        #expect(try client.readHTTPResponse().status == 408)
        client.expectClosed("then end of stream")
    }
}
