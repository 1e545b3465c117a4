import Testing
@testable import WebSocket

/// A byte-exact fixture and the frames it must parse into.
struct FrameFixture: CustomTestStringConvertible, Sendable {
    var name: String
    var bytes: [UInt8]
    var masked: Bool
    var frames: [ParsedFrame]

    var testDescription: String { name }
}


@Suite struct FrameParserTests {
    static let payload256 = (0 ..< 256).map { UInt8(truncatingIfNeeded: $0) }
    static let payload64K = (0 ..< 65_536).map { UInt8(truncatingIfNeeded: $0 &* 7) }

    /// RFC 6455 §5.7.
    static let rfcFixtures: [FrameFixture] = [
        FrameFixture(
            name: "unmasked text Hello", bytes: hex("81 05 48 65 6c 6c 6f"), masked: false,
            frames: [ParsedFrame(fin: true, rsv1: false, opcode: .text, masked: false, payload: utf8("Hello"))]),
        FrameFixture(
            name: "masked text Hello", bytes: hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), masked: true,
            frames: [ParsedFrame(fin: true, rsv1: false, opcode: .text, masked: true, payload: utf8("Hello"))]),
        FrameFixture(
            name: "fragmented unmasked text", bytes: hex("01 03 48 65 6c 80 02 6c 6f"), masked: false,
            frames: [
                ParsedFrame(fin: false, rsv1: false, opcode: .text, masked: false, payload: utf8("Hel")),
                ParsedFrame(fin: true, rsv1: false, opcode: .continuation, masked: false, payload: utf8("lo")),
            ]),
        FrameFixture(
            name: "unmasked ping", bytes: hex("89 05 48 65 6c 6c 6f"), masked: false,
            frames: [ParsedFrame(fin: true, rsv1: false, opcode: .ping, masked: false, payload: utf8("Hello"))]),
        FrameFixture(
            name: "masked pong", bytes: hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"), masked: true,
            frames: [ParsedFrame(fin: true, rsv1: false, opcode: .pong, masked: true, payload: utf8("Hello"))]),
        FrameFixture(
            name: "256-byte binary", bytes: hex("82 7E 01 00") + payload256, masked: false,
            frames: [ParsedFrame(fin: true, rsv1: false, opcode: .binary, masked: false, payload: payload256)]),
        FrameFixture(
            name: "64 KiB binary", bytes: hex("82 7F 00 00 00 00 00 01 00 00") + payload64K, masked: false,
            frames: [ParsedFrame(fin: true, rsv1: false, opcode: .binary, masked: false, payload: payload64K)]),
        // RFC 7692 §7.2.3.1 and §7.2.3.2: RSV1 marks the first frame only.
        FrameFixture(
            name: "compressed Hello", bytes: hex("c1 07 f2 48 cd c9 c9 07 00"), masked: false,
            frames: [ParsedFrame(fin: true, rsv1: true, opcode: .text, masked: false, payload: hex("f2 48 cd c9 c9 07 00"))]),
        FrameFixture(
            name: "compressed Hello in two fragments", bytes: hex("41 03 f2 48 cd 80 04 c9 c9 07 00"), masked: false,
            frames: [
                ParsedFrame(fin: false, rsv1: true, opcode: .text, masked: false, payload: hex("f2 48 cd")),
                ParsedFrame(fin: true, rsv1: false, opcode: .continuation, masked: false, payload: hex("c9 c9 07 00")),
            ]),
        FrameFixture(
            name: "empty masked close", bytes: hex("88 80 01 02 03 04"), masked: true,
            frames: [ParsedFrame(fin: true, rsv1: false, opcode: .close, masked: true, payload: [])]),
    ]

    @Test(arguments: rfcFixtures)
    func parsesFixtureFedInEveryChunking(fixture: FrameFixture) throws {
        let whole = try payloadRanges(fixture.bytes, masked: fixture.masked, cuts: [])
        for cuts in chunkings(fixture.bytes.count) {
            // Payload comes out as slices of the input: where they point proves what they hold,
            // so the 64 KiB fixture's 65,545 splits need no payload comparison.
            let ranges = try payloadRanges(fixture.bytes, masked: fixture.masked, cuts: cuts)
            #expect(ranges.map(\.start) == whole.map(\.start) && ranges.map(\.count) == whole.map(\.count))
            if fixture.bytes.count <= 1024 || cuts.count != 1 {
                #expect(try parseFrames(fixture.bytes, masked: fixture.masked, cuts: cuts) == fixture.frames)
            }
        }
    }

    @Test func needsMoreWithoutConsumingPastTheInput() throws {
        let parser = FrameParser(requireMasked: false, allowRSV1: false, maxFrameBytes: 1 << 20)
        var cursor = 0
        let item = try hex("81").withUnsafeBytes { bytes throws(ProtocolError) in try parser.next(bytes, cursor: &cursor) }
        #expect(item == nil)
        #expect(cursor == 1)
    }

    @Test func handsOutPayloadAsSlicesOfTheInput() throws {
        let parser = FrameParser(requireMasked: false, allowRSV1: false, maxFrameBytes: 1 << 20)
        let input = hex("82 03 01 02 03")
        try input.withUnsafeBytes { bytes in
            var cursor = 0
            _ = try parser.next(bytes, cursor: &cursor)
            guard case .payload(let slice, offset: 0)? = try parser.next(bytes, cursor: &cursor) else {
                Issue.record("expected payload")
                return
            }
            #expect(slice.baseAddress == bytes.baseAddress! + 2)  // no copy
            guard case .end? = try parser.next(bytes, cursor: &cursor) else {
                Issue.record("expected end")
                return
            }
        }
    }

    /// Every header-level violation, each fed whole and one byte at a time.
    @Test(arguments: [
        ("a1 80 00 00 00 00", true, ProtocolError.reservedBitsSet),
        ("91 80 00 00 00 00", true, .reservedBitsSet),
        ("c1 80 00 00 00 00", true, .reservedBitsSet),  // RSV1 without deflate
        ("83 80 00 00 00 00", true, .unknownOpcode),
        ("8b 80 00 00 00 00", true, .unknownOpcode),
        ("81 05 48 65 6c 6c 6f", true, .unmaskedClientFrame),
        ("81 85 37 fa 21 3d 7f 9f 4d 51 58", false, .maskedServerFrame),
        ("82 fe 00 7d 00 00 00 00", true, .nonMinimalLength),
        ("82 ff 00 00 00 00 00 00 ff ff 00 00 00 00", true, .nonMinimalLength),
        ("82 ff 80 00 00 00 00 00 00 00 00 00 00 00", true, .lengthOverflow),
        ("89 fe 00 7e 00 00 00 00", true, .controlFrameTooLong),
        ("09 80 00 00 00 00", true, .fragmentedControlFrame),
        ("82 ff 00 00 00 00 00 10 00 01 00 00 00 00", true, .frameTooLarge),
    ] as [(String, Bool, ProtocolError)])
    func rejectsBadHeaders(bytes: String, masked: Bool, error: ProtocolError) {
        for cuts in [[], Array(1 ..< hex(bytes).count)] {
            #expect(throws: error) {
                try parseFrames(hex(bytes), masked: masked, cuts: cuts, allowRSV1: false, maxFrameBytes: 1 << 20)
            }
        }
    }

    @Test(arguments: [
        ("c9 80 00 00 00 00", ProtocolError.compressedControlFrame),
        ("c0 80 00 00 00 00", .compressedContinuation),
    ] as [(String, ProtocolError)])
    func rejectsRSV1WhereDeflateForbidsIt(bytes: String, error: ProtocolError) {
        #expect(throws: error) { try parseFrames(hex(bytes), masked: true) }
    }

    @Test func rejectsOversizedFrameFromItsHeaderAlone() {
        let parser = FrameParser(requireMasked: true, allowRSV1: false, maxFrameBytes: 1000)
        var cursor = 0
        // Only the header of a 1001-byte frame has arrived.
        #expect(throws: ProtocolError.frameTooLarge) {
            try hex("82 fe 03 e9 01 02 03 04").withUnsafeBytes { _ = try parser.next($0, cursor: &cursor) }
        }
    }

    @Test func failsFastOnTheFirstBadByte() {
        let parser = FrameParser(requireMasked: true, allowRSV1: false, maxFrameBytes: 1000)
        var cursor = 0
        #expect(throws: ProtocolError.unknownOpcode) {
            try hex("83").withUnsafeBytes { _ = try parser.next($0, cursor: &cursor) }
        }
        // And keeps failing.
        #expect(throws: ProtocolError.unknownOpcode) {
            try hex("81 80").withUnsafeBytes { _ = try parser.next($0, cursor: &cursor) }
        }
    }

    @Test func parsesBackToBackFramesInOneRead() throws {
        let input = frame(.text, utf8("a")) + frame(.ping, []) + frame(.binary, [1, 2], fin: false) + frame(.continuation, [3])
        let frames = try parseFrames(input, masked: true)
        #expect(frames.map(\.opcode) == [.text, .ping, .binary, .continuation])
        #expect(frames.map(\.payload) == [utf8("a"), [], [1, 2], [3]])
    }
}
