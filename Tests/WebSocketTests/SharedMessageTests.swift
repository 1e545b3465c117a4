import Compression
import Testing
@testable import WebSocket

@Suite struct SharedMessageTests {
    static let text = utf8(String(repeating: "{\"visit\":42,\"event\":\"queued\"} ", count: 40))

    static func deflater() -> Deflater { try! Deflater(noContextTakeover: true) }

    static func baseAddress(_ bytes: [UInt8]) -> UnsafeRawPointer? {
        bytes.withUnsafeBytes { $0.baseAddress }
    }

    @Test func encodesPlainAndDeflatedFramesOnce() throws {
        let message = SharedMessage(opcode: .text, payload: Self.text, deflater: Self.deflater())
        #expect(message.plainFrame == FrameWriter.encode(opcode: .text, payload: Self.text))
        #expect(message.payloadCount == Self.text.count)
        let deflated = try #require(message.deflatedFrame)
        #expect(deflated.count < message.plainFrame.count)
        let frames = try parseFrames(deflated, masked: false)
        #expect(frames.count == 1 && frames[0].rsv1 && frames[0].fin && frames[0].opcode == .text)
        #expect(try Inflater(noContextTakeover: true).decompress(frames[0].payload, limit: 1 << 20) == Self.text)
    }

    @Test func noDeflatedFrameWhenItCannotHelp() {
        #expect(SharedMessage(opcode: .text, payload: Self.text, deflater: nil).deflatedFrame == nil)
        #expect(SharedMessage(opcode: .binary, payload: noise(count: 500), deflater: Self.deflater()).deflatedFrame == nil)
        #expect(SharedMessage(opcode: .ping, payload: utf8("aaaaaaaaaaaaaaaaaaaa"), deflater: Self.deflater()).deflatedFrame == nil)
        #expect(SharedMessage(opcode: .text, payload: [], deflater: Self.deflater()).deflatedFrame == nil)
    }

    @Test func isSendable() async {
        let message = SharedMessage(opcode: .text, payload: Self.text, deflater: Self.deflater())
        let count = await Task.detached { message.plainFrame.count }.value
        #expect(count == message.plainFrame.count)
    }

    /// Which frame a peer gets, by what it agreed.
    @Test(arguments: [
        (nil, false),
        (DeflateParameters(serverNoContextTakeover: true), true),
        (DeflateParameters(serverNoContextTakeover: false), false),  // its window holds earlier messages
        (DeflateParameters(serverNoContextTakeover: true, serverMaxWindowBits: 11), true),  // payload ≤ 2048
        (DeflateParameters(serverNoContextTakeover: true, serverMaxWindowBits: 10), false),  // payload > 1024
        (DeflateParameters(serverNoContextTakeover: true, serverMaxWindowBits: 8), false),
    ] as [(DeflateParameters?, Bool)])
    func selectsTheFrameThePeerCanRead(deflate: DeflateParameters?, deflated: Bool) throws {
        #expect(Self.text.count > 1024 && Self.text.count <= 2048)
        let message = SharedMessage(opcode: .text, payload: Self.text, deflater: Self.deflater())
        let connection = WebSocketConnection.server(deflate: deflate)
        let chosen = try #require(connection.frame(for: message))
        let expected = deflated ? message.deflatedFrame! : message.plainFrame
        #expect(chosen == expected)
        #expect(Self.baseAddress(chosen) == Self.baseAddress(expected))  // shared storage, not a copy
    }

    @Test func smallPayloadFitsASmallWindow() throws {
        let small = Array(Self.text.prefix(256))
        let message = SharedMessage(opcode: .text, payload: small, deflater: Self.deflater())
        let agreed = DeflateParameters(serverNoContextTakeover: true, serverMaxWindowBits: 8)
        let chosen = try #require(WebSocketConnection.server(deflate: agreed).frame(for: message))
        #expect(chosen == message.deflatedFrame)
        #expect(WebSocketConnection.client(deflate: agreed).events(chosen) == [.text(small)])
    }

    @Test func nothingToSendOnceClosing() {
        let message = SharedMessage(opcode: .text, payload: Self.text, deflater: nil)
        let connection = WebSocketConnection.server()
        connection.close(code: .goingAway)
        #expect(connection.frame(for: message) == nil)
    }

    /// Shared frames interleaved with the connection's own compressed frames decode in order,
    /// with and without context takeover on the connection's own deflater.
    @Test(arguments: [true, false])
    func interleavesWithPerConnectionFrames(serverNoContextTakeover: Bool) throws {
        let agreed = DeflateParameters(serverNoContextTakeover: serverNoContextTakeover)
        let server = WebSocketConnection.server(deflate: agreed)
        let client = WebSocketConnection.client(deflate: agreed)
        let shared = SharedMessage(opcode: .text, payload: Self.text, deflater: Self.deflater())
        var wire: [UInt8] = []
        var expected: [WebSocketEvent] = []
        for round in 0 ..< 4 {
            let own = utf8(String(repeating: "own message \(round) ", count: 30))
            server.sendText(own)
            wire += server.takeOutput()
            wire += try #require(server.frame(for: shared))
            expected += [.text(own), .text(Self.text)]
        }
        #expect(wire.contains(0xC1))
        #expect(client.events(wire) == expected)
    }
}

@Suite struct SharedDeflaterTests {
    @Test func connectionsWithoutContextTakeoverShareOneStreamAndStayDecodable() throws {
        let shared = try Deflater(windowBits: 15, noContextTakeover: true)
        let agreed = DeflateParameters(serverNoContextTakeover: true)
        let servers = (0..<3).map { _ in WebSocketConnection(role: .server, deflate: agreed, sharedDeflater: shared) }
        let clients = (0..<3).map { _ in WebSocketConnection(role: .client, deflate: agreed) }
        let message = Array(String(repeating: "vårdcentralen svarar snart. ", count: 20).utf8)
        for round in 0..<2 {
            for (server, client) in zip(servers, clients) {
                server.sendText(message + [UInt8(ascii: "0") + UInt8(round)])
                let wire = server.takeOutput()
                #expect(wire[0] == 0xC1, "compressed (RSV1) text frame")
                #expect(wire.count < message.count / 4)
                client.receive(wire)
                #expect(client.nextEvent() == .text(message + [UInt8(ascii: "0") + UInt8(round)]))
            }
        }
    }

    @Test func aPeerThatKeepsContextGetsItsOwnStream() throws {
        let shared = try Deflater(windowBits: 15, noContextTakeover: true)
        let agreed = DeflateParameters(serverNoContextTakeover: false)
        let server = WebSocketConnection(role: .server, deflate: agreed, sharedDeflater: shared)
        let client = WebSocketConnection(role: .client, deflate: agreed)
        let message = Array(String(repeating: "remiss ", count: 40).utf8)
        for _ in 0..<3 {
            server.sendText(message)
            client.receive(server.takeOutput())
            #expect(client.nextEvent() == .text(message))
        }
    }
}
