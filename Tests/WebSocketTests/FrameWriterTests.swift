import Testing
@testable import WebSocket

@Suite struct FrameWriterTests {
    @Test func encodesRFC6455Examples() {
        #expect(FrameWriter.encode(opcode: .text, payload: utf8("Hello")) == hex("81 05 48 65 6c 6c 6f"))
        #expect(FrameWriter.encode(opcode: .text, payload: utf8("Hello"), maskingKey: (0x37, 0xFA, 0x21, 0x3D))
            == hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"))
        #expect(FrameWriter.encode(opcode: .text, payload: utf8("Hel"), fin: false) == hex("01 03 48 65 6c"))
        #expect(FrameWriter.encode(opcode: .continuation, payload: utf8("lo")) == hex("80 02 6c 6f"))
        #expect(FrameWriter.encode(opcode: .ping, payload: utf8("Hello")) == hex("89 05 48 65 6c 6c 6f"))
        #expect(FrameWriter.encode(opcode: .pong, payload: utf8("Hello"), maskingKey: (0x37, 0xFA, 0x21, 0x3D))
            == hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"))
        #expect(FrameWriter.encode(opcode: .text, payload: hex("f2 48 cd c9 c9 07 00"), rsv1: true)
            == hex("c1 07 f2 48 cd c9 c9 07 00"))
        #expect(FrameWriter.encode(opcode: .close, payload: []) == hex("88 00"))
    }

    @Test(arguments: [
        (0, "82 00"),
        (125, "82 7d"),
        (126, "82 7e 00 7e"),
        (256, "82 7e 01 00"),
        (65_535, "82 7e ff ff"),
        (65_536, "82 7f 00 00 00 00 00 01 00 00"),
        (1 << 20, "82 7f 00 00 00 00 00 10 00 00"),
    ] as [(Int, String)])
    func usesTheShortestLengthEncoding(count: Int, header: String) {
        let payload = [UInt8](repeating: 0x61, count: count)
        let frame = FrameWriter.encode(opcode: .binary, payload: payload)
        #expect(Array(frame.prefix(hex(header).count)) == hex(header))
        #expect(frame.count == hex(header).count + count)
        #expect(Array(frame.dropFirst(hex(header).count)) == payload)
        #expect(FrameWriter.headerBytes(payloadCount: count, masked: false) == hex(header).count)
    }

    @Test(arguments: [0, 1, 7, 8, 9, 125, 126, 1000, 65_535, 65_536])
    func maskedFramesRoundTripThroughTheParser(count: Int) throws {
        let payload = (0 ..< count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 5) }
        let frame = FrameWriter.encode(opcode: .binary, payload: payload, maskingKey: (0xDE, 0xAD, 0xBE, 0xEF))
        let headerBytes = FrameWriter.headerBytes(payloadCount: count, masked: true)
        #expect(frame.count == headerBytes + count)
        #expect(Array(frame[headerBytes - 4 ..< headerBytes]) == [0xDE, 0xAD, 0xBE, 0xEF])
        let key: [UInt8] = [0xDE, 0xAD, 0xBE, 0xEF]
        #expect(frame[headerBytes...].enumerated().allSatisfy { $0.element == payload[$0.offset] ^ key[$0.offset % 4] })
        #expect(try parseFrames(frame, masked: true).map(\.payload) == [payload])
    }

    @Test func appendsAfterExistingOutput() {
        var output: [UInt8] = [0xAA]
        utf8("Hello").withUnsafeBytes { FrameWriter.append(opcode: .text, payload: $0, to: &output) }
        #expect(output == [0xAA] + hex("81 05 48 65 6c 6c 6f"))
    }
}
