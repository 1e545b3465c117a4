import Compression
import Testing
@testable import WebSocket

@Suite struct WebSocketConnectionTests {
    static let hello = utf8("Hello")

    // MARK: RFC vectors, fed in every chunking

    @Test(arguments: [
        ("81 05 48 65 6c 6c 6f", WebSocketConnection.Role.client, [WebSocketEvent.text(utf8("Hello"))]),
        ("81 85 37 fa 21 3d 7f 9f 4d 51 58", .server, [.text(utf8("Hello"))]),
        ("01 03 48 65 6c 80 02 6c 6f", .client, [.text(utf8("Hello"))]),
        ("89 05 48 65 6c 6c 6f", .client, [.ping(utf8("Hello"))]),
        ("8a 85 37 fa 21 3d 7f 9f 4d 51 58", .server, [.pong(utf8("Hello"))]),
    ] as [(String, WebSocketConnection.Role, [WebSocketEvent])])
    func reportsRFC6455Examples(bytes: String, role: WebSocketConnection.Role, events: [WebSocketEvent]) {
        for cuts in chunkings(hex(bytes).count) {
            let connection = WebSocketConnection(role: role, deflate: nil)
            #expect(connection.events(hex(bytes), cuts: cuts) == events)
        }
    }

    @Test(arguments: [256, 65_536])
    func assemblesLongFramesSplitAnywhere(count: Int) {
        let payload = (0 ..< count).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let input = FrameWriter.encode(opcode: .binary, payload: payload)
        let headerBytes = input.count - count
        #expect(WebSocketConnection.client().events(input) == [.binary(payload)])
        #expect(WebSocketConnection.client().events(input, cuts: Array(1 ..< input.count)) == [.binary(payload)])
        for cut in 1 ..< input.count {
            let events = WebSocketConnection.client().events(input, cuts: [cut])
            guard case .binary(let received)? = events.first, events.count == 1, received.count == count else {
                Issue.record("cut \(cut): \(events.count) events")
                return
            }
            // Around the cut is where a split would go wrong; the whole payload was compared above.
            let around = max(0, cut - headerBytes - 2) ..< min(count, max(0, cut - headerBytes + 2))
            #expect(received[around] == payload[around], "cut \(cut)")
        }
    }

    /// RFC 7692 §7.2.3.1-7.2.3.4, as a client reading what a server sent.
    @Test(arguments: [
        ("c1 07 f2 48 cd c9 c9 07 00", 1),
        ("41 03 f2 48 cd 80 04 c9 c9 07 00", 1),
        ("c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00", 2),
        ("c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00", 1),
        ("c1 08 f3 48 cd c9 c9 07 00 00", 1),
    ] as [(String, Int)])
    func inflatesRFC7692Examples(bytes: String, messages: Int) {
        for cuts in chunkings(hex(bytes).count) {
            let connection = WebSocketConnection.client(deflate: DeflateParameters())
            #expect(connection.events(hex(bytes), cuts: cuts) == Array(repeating: .text(Self.hello), count: messages))
            #expect(connection.state == .open)
        }
    }

    // MARK: Control frames

    @Test func answersPingWithPong() {
        let server = WebSocketConnection.server()
        #expect(server.events(hex("89 85 37 fa 21 3d 7f 9f 4d 51 58")) == [.ping(Self.hello)])
        #expect(server.takeOutput() == hex("8a 05 48 65 6c 6c 6f"))
        #expect(!server.hasOutput)
    }

    @Test func clientMasksItsPong() throws {
        let client = WebSocketConnection.client()
        #expect(client.events(hex("89 05 48 65 6c 6c 6f")) == [.ping(Self.hello)])
        let frames = try parseFrames(client.takeOutput(), masked: true)
        #expect(frames == [ParsedFrame(fin: true, rsv1: false, opcode: .pong, masked: true, payload: Self.hello)])
    }

    @Test func controlFramesMayArriveBetweenFragments() {
        let server = WebSocketConnection.server()
        let input = frame(.text, utf8("Hel"), fin: false) + frame(.ping, utf8("p")) + frame(.continuation, utf8("lo"))
        for cuts in chunkings(input.count) {
            #expect(server.events(input, cuts: cuts) == [.ping(utf8("p")), .text(Self.hello)])
            #expect(server.takeOutput() == hex("8a 01 70"))
        }
    }

    // MARK: Sending

    @Test func serverSendsUnmaskedFrames() {
        let server = WebSocketConnection.server()
        server.sendText(Self.hello)
        server.sendBinary([1, 2])
        server.sendPing(Self.hello)
        server.sendPong()
        #expect(server.takeOutput() == hex("81 05 48 65 6c 6c 6f 82 02 01 02 89 05 48 65 6c 6c 6f 8a 00"))
    }

    @Test func clientMasksWithAFreshKeyPerFrame() throws {
        let client = WebSocketConnection.client()
        client.sendText(Self.hello)
        client.sendText(Self.hello)
        let output = client.takeOutput()
        #expect(output[2 ..< 6] != output[13 ..< 17])
        #expect(try parseFrames(output, masked: true).map(\.payload) == [Self.hello, Self.hello])
    }

    @Test func pingPayloadIsCutTo125Bytes() throws {
        let server = WebSocketConnection.server()
        server.sendPing([UInt8](repeating: 1, count: 200))
        #expect(try parseFrames(server.takeOutput(), masked: false).map(\.payload.count) == [125])
    }

    // MARK: permessage-deflate

    @Test(arguments: [false, true], [false, true])
    func compressedMessagesRoundTrip(serverNoContextTakeover: Bool, clientNoContextTakeover: Bool) {
        let parameters = DeflateParameters(
            serverNoContextTakeover: serverNoContextTakeover, clientNoContextTakeover: clientNoContextTakeover)
        let server = WebSocketConnection.server(deflate: parameters)
        let client = WebSocketConnection.client(deflate: parameters)
        let messages = [utf8(String(repeating: "visit queue ", count: 50)), [], utf8("a"),
                        utf8(String(repeating: "handover note ", count: 5000)), Self.hello]
        for message in messages + messages {
            server.sendText(message)
            client.sendText(message)
        }
        let expected = (messages + messages).map { WebSocketEvent.text($0) }
        let fromServer = server.takeOutput()
        #expect(fromServer[0] == 0xC1)  // the first message was compressed
        #expect(client.events(fromServer) == expected)
        #expect(server.events(client.takeOutput()) == expected)
    }

    @Test func smallMessagesAreSentUncompressed() {
        let server = WebSocketConnection(role: .server, deflate: DeflateParameters(), minimumBytesToCompress: 128)
        server.sendText(Self.hello)
        #expect(server.takeOutput() == hex("81 05 48 65 6c 6c 6f"))
    }

    @Test func incompressibleMessagesAreSentUncompressed() {
        let server = WebSocketConnection.server(deflate: DeflateParameters())
        let client = WebSocketConnection.client(deflate: DeflateParameters())
        let random = noise(count: 300)
        let text = utf8(String(repeating: "abc ", count: 100))
        server.sendBinary(random)
        server.sendText(text)
        let output = server.takeOutput()
        #expect(output[0] == 0x82)
        // The deflater was reset after the uncompressed message, so the peer still inflates the next.
        #expect(client.events(output) == [.binary(random), .text(text)])
    }

    @Test func windowOf8IsAgreedButSentUncompressed() {
        let parameters = DeflateParameters(serverNoContextTakeover: true, serverMaxWindowBits: 8)
        let server = WebSocketConnection.server(deflate: parameters)
        let text = utf8(String(repeating: "abc ", count: 100))
        server.sendText(text)
        #expect(server.takeOutput() == FrameWriter.encode(opcode: .text, payload: text))
    }

    @Test func compressedFragmentsFromAClientInflateInEveryChunking() throws {
        let text = utf8(String(repeating: "Hello ", count: 20))
        let compressed = try Deflater(noContextTakeover: true).compress(text)
        let cut = compressed.count / 2
        let input = frame(.text, Array(compressed[..<cut]), fin: false, rsv1: true)
            + frame(.continuation, Array(compressed[cut...]))
        for cuts in chunkings(input.count) {
            #expect(WebSocketConnection.server(deflate: DeflateParameters()).events(input, cuts: cuts) == [.text(text)])
        }
    }

    // MARK: UTF-8

    @Test func invalidUTF8FailsBeforeTheMessageEnds() {
        let server = WebSocketConnection.server()
        // The second fragment is invalid; the final fragment never needs to arrive.
        let events = server.events(frame(.text, utf8("κό"), fin: false) + frame(.continuation, hex("ed a0 80"), fin: false))
        #expect(events == [.closed(.invalidPayloadData, reason: "invalid utf-8")])
        #expect(server.state == .closed)
    }

    @Test func invalidUTF8FailsBeforeTheFrameEnds() {
        let server = WebSocketConnection.server()
        let input = frame(.text, utf8("Hello") + [0xFF] + utf8("world"))
        // Only the header and the first 6 payload bytes have arrived.
        #expect(server.events(Array(input.prefix(6 + 6))) == [.closed(.invalidPayloadData, reason: "invalid utf-8")])
    }

    @Test func codePointSplitAcrossFragmentsIsValid() {
        let euro = hex("e2 82 ac")
        for cut in 0 ... 3 {
            let server = WebSocketConnection.server()
            let input = frame(.text, Array(euro[..<cut]), fin: false) + frame(.continuation, Array(euro[cut...]))
            #expect(server.events(input) == [.text(euro)])
        }
    }

    @Test func textSplitAcrossFragmentsAtEveryByteIsValid() {
        let text = hex("ce ba e1 bd b9 cf 83 ce bc ce b5 f0 9f 98 80")  // κόσμε😀
        for cut in 0 ... text.count {
            let input = frame(.text, Array(text[..<cut]), fin: false) + frame(.continuation, Array(text[cut...]))
            #expect(WebSocketConnection.server().events(input) == [.text(text)], "cut \(cut)")
        }
    }

    /// Autobahn 6.4.x: the connection fails in the fragment holding the first bad byte, wherever
    /// the message is cut, without waiting for the final fragment.
    @Test func invalidTextFailsInTheFragmentHoldingTheBadByte() {
        let text = hex("ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64")
        let bad = 11  // ED A0 is a surrogate: byte 12 proves it, byte 11 may still be valid
        for cut in 0 ... text.count {
            let first = frame(.text, Array(text[..<cut]), fin: false)
            let second = frame(.continuation, Array(text[cut...]), fin: false)
            let server = WebSocketConnection.server()
            let afterFirst = server.events(first)
            if cut > bad + 1 {
                #expect(afterFirst == [.closed(.invalidPayloadData, reason: "invalid utf-8")], "cut \(cut)")
            } else {
                #expect(afterFirst == [], "cut \(cut)")
                #expect(server.events(second) == [.closed(.invalidPayloadData, reason: "invalid utf-8")], "cut \(cut)")
            }
        }
    }

    @Test func truncatedCodePointAtTheEndIsInvalid() {
        let server = WebSocketConnection.server()
        #expect(server.events(frame(.text, hex("e2 82"))) == [.closed(.invalidPayloadData, reason: "invalid utf-8")])
    }

    // MARK: Limits, decided from headers

    @Test func oversizedMessageFailsBeforeItsPayloadArrives() {
        let server = WebSocketConnection.server(limits: WebSocketLimits(maxMessageBytes: 10))
        let first = frame(.binary, [UInt8](repeating: 0, count: 6), fin: false)
        let second = frame(.continuation, [UInt8](repeating: 0, count: 6))
        // Only the second frame's header is given.
        #expect(server.events(first + second.prefix(6)) == [.closed(.messageTooBig, reason: "message too large")])
        #expect(server.takeOutput() == hex("88 13 03 f1") + utf8("message too large"))
    }
}

/// Plausible-but-random frame sequences (the fuzzing oracle of python-websockets): whatever
/// arrives, the connection either keeps going or fails once with a close frame; it never traps.
@Suite struct WebSocketConnectionRandomInputTests {
    @Test(arguments: 0 ..< 8)
    func survivesRandomFrames(batch: Int) {
        var random = noise(count: 200_000, seed: UInt64(batch + 1)).makeIterator()
        func next(_ bound: Int) -> Int { Int(random.next()!) % bound }
        for _ in 0 ..< 150 {
            var input: [UInt8] = []
            for _ in 0 ..< 1 + next(4) {
                let opcode = [Opcode.text, .binary, .continuation, .ping, .pong, .close][next(6)]
                let payload = (0 ..< next(40)).map { _ in UInt8(next(256)) }
                input += frame(opcode, payload, fin: next(4) != 0, rsv1: next(5) == 0, masked: next(20) != 0)
                if next(10) == 0 { input.append(UInt8(next(256))) }  // stray byte
            }
            let cuts = Array(Set((0 ..< next(4)).map { _ in 1 + next(max(1, input.count - 1)) })).sorted()
            let connection = WebSocketConnection.server(deflate: next(2) == 0 ? DeflateParameters() : nil)
            let events = connection.events(input, cuts: cuts.filter { $0 < input.count })
            if let closed = events.firstIndex(where: { if case .closed = $0 { true } else { false } }) {
                #expect(closed == events.count - 1)
                #expect(connection.state == .closed)
            }
            _ = connection.takeOutput()
        }
    }
}
