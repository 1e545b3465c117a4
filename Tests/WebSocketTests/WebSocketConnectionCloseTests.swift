import Testing
@testable import WebSocket

/// The closing handshake (RFC 6455 §5.5.1, §7).
@Suite struct WebSocketConnectionCloseTests {
    @Test func peerCloseCodeAndReasonAreEchoedAndEndTheConnection() {
        let server = WebSocketConnection.server()
        #expect(server.events(frame(.close, hex("03 e8") + utf8("bye"))) == [.closed(.normalClosure, reason: "bye")])
        #expect(server.takeOutput() == hex("88 05 03 e8 62 79 65"))
        #expect(server.state == .closed)
    }

    @Test func repliesToMessagesBeforeAFailureGoOutBeforeTheCloseFrame() {
        // Autobahn 3.2/4.1.3/5.15: a valid message, then a bad frame, in one read. The echo of
        // the message must be written before the 1002 close.
        let server = WebSocketConnection.server()
        server.receive(frame(.text, utf8("Hello")) + frame(.text, utf8("x"), rsv1: true))
        #expect(server.nextEvent() == .text(utf8("Hello")))
        #expect(server.state == .open)
        server.sendText(utf8("Hello"))
        #expect(server.nextEvent() == .closed(.protocolError, reason: ProtocolError.reservedBitsSet.reason))
        #expect(server.state == .closed)
        #expect(server.nextEvent() == nil)
        let output = server.takeOutput()
        #expect(Array(output.prefix(7)) == hex("81 05 48 65 6c 6c 6f"))
        #expect(output[7] == 0x88)
    }

    @Test func repliesToMessagesBeforeAPeerCloseGoOutBeforeOurCloseReply() {
        let server = WebSocketConnection.server()
        server.receive(frame(.text, utf8("last")) + frame(.close, hex("03 e8")) + frame(.text, utf8("after close")))
        #expect(server.nextEvent() == .text(utf8("last")))
        server.sendText(utf8("last"))
        #expect(server.nextEvent() == .closed(.normalClosure, reason: ""))
        #expect(server.nextEvent() == nil)
        #expect(server.takeOutput() == hex("81 04 6c 61 73 74") + hex("88 02 03 e8"))
    }

    @Test func peerCloseCodeIsEchoed() {
        let server = WebSocketConnection.server()
        #expect(server.events(frame(.close, hex("0f a0"))) == [.closed(CloseCode(rawValue: 4000), reason: "")])
        #expect(server.takeOutput() == hex("88 02 0f a0"))
    }

    @Test func emptyPeerCloseIsAnsweredWith1000() {
        let server = WebSocketConnection.server()
        #expect(server.events(hex("88 80 01 02 03 04")) == [.closed(nil, reason: "")])
        #expect(server.takeOutput() == hex("88 02 03 e8"))
    }

    @Test func ourCloseWaitsForThePeers() {
        let server = WebSocketConnection.server()
        server.close(code: .goingAway, reason: "restart")
        #expect(server.state == .closing)
        #expect(server.takeOutput() == hex("88 09 03 e9 72 65 73 74 61 72 74"))
        // Data still arrives and is reported; pings are no longer answered; nothing is sent.
        #expect(server.events(frame(.text, utf8("late")) + frame(.ping, [])) == [.text(utf8("late")), .ping([])])
        server.sendText(utf8("ignored"))
        server.close(code: .normalClosure, reason: "")
        #expect(!server.hasOutput)
        #expect(server.events(frame(.close, hex("03 e9"))) == [.closed(.goingAway, reason: "")])
        #expect(server.state == .closed)
        #expect(!server.hasOutput)
    }

    @Test func closedConnectionIgnoresEverything() {
        let server = WebSocketConnection.server()
        _ = server.events(frame(.close, []) + frame(.text, utf8("after")))
        _ = server.takeOutput()
        #expect(server.events(frame(.text, utf8("more")) + hex("ff ff")) == [])
        server.sendText(utf8("x"))
        server.sendPing()
        server.close(code: .normalClosure)
        #expect(!server.hasOutput)
    }

    @Test func closeReasonIsCutAtACharacterBoundary() throws {
        let server = WebSocketConnection.server()
        server.close(code: .normalClosure, reason: String(repeating: "é", count: 100))  // 200 bytes
        let payload = try #require(try parseFrames(server.takeOutput(), masked: false).first?.payload)
        #expect(payload.count == 124)  // 2 + 122: 123 would split an "é"
        #expect(String(validating: payload.dropFirst(2), as: UTF8.self) == String(repeating: "é", count: 61))
    }

    @Test func codesThatMayNotBeSentGiveAnEmptyCloseFrame() {
        let server = WebSocketConnection.server()
        server.close(code: .noStatusReceived, reason: "ignored")
        #expect(server.takeOutput() == hex("88 00"))
    }

    @Test func clientMasksItsCloseFrame() throws {
        let client = WebSocketConnection.client()
        client.close(code: .normalClosure, reason: "")
        #expect(try parseFrames(client.takeOutput(), masked: true).map(\.payload) == [hex("03 e8")])
    }
}
