import Compression
import Testing
@testable import WebSocket

/// Input that triggers one violation, and the connection that receives it.
struct Violation: CustomTestStringConvertible, Sendable {
    var error: ProtocolError
    var role: WebSocketConnection.Role = .server
    var limits = WebSocketLimits()
    var deflate: DeflateParameters? = nil
    var input: [UInt8]

    var testDescription: String { "\(error)" }
}

@Suite struct ProtocolErrorTests {
    static let deflate = DeflateParameters()
    static let bomb = try! Deflater(noContextTakeover: true).compress([UInt8](repeating: 0, count: 1000))

    static let violations: [Violation] = [
        Violation(error: .reservedBitsSet, input: hex("a1 80 00 00 00 00")),
        Violation(error: .unknownOpcode, input: hex("83 80 00 00 00 00")),
        Violation(error: .unmaskedClientFrame, input: hex("81 05 48 65 6c 6c 6f")),
        Violation(error: .maskedServerFrame, role: .client, input: hex("81 85 37 fa 21 3d 7f 9f 4d 51 58")),
        Violation(error: .nonMinimalLength, input: hex("82 fe 00 05 00 00 00 00")),
        Violation(error: .lengthOverflow, input: hex("82 ff 80 00 00 00 00 00 00 00 00 00 00 00")),
        Violation(error: .controlFrameTooLong, input: hex("89 fe 00 7e 00 00 00 00")),
        Violation(error: .fragmentedControlFrame, input: hex("09 80 00 00 00 00")),
        Violation(error: .compressedControlFrame, deflate: deflate, input: hex("c9 80 00 00 00 00")),
        Violation(error: .compressedContinuation, deflate: deflate,
                  input: frame(.text, [0x00], fin: false, rsv1: true) + frame(.continuation, [], rsv1: true)),
        Violation(error: .unexpectedContinuation, input: frame(.continuation, utf8("a"))),
        Violation(error: .expectedContinuation, input: frame(.text, utf8("a"), fin: false) + frame(.text, utf8("b"))),
        Violation(error: .closePayloadTooShort, input: frame(.close, [0x03])),
        Violation(error: .invalidCloseCode, input: frame(.close, hex("03 ed"))),
        Violation(error: .invalidCloseReason, input: frame(.close, hex("03 e8 ff"))),
        Violation(error: .invalidUTF8, input: frame(.text, hex("48 c0 80"))),
        Violation(error: .invalidCompressedData, deflate: deflate, input: frame(.binary, hex("ff ff ff"), rsv1: true)),
        Violation(error: .frameTooLarge, limits: WebSocketLimits(maxFrameBytes: 10), input: frame(.binary, noise(count: 11))),
        Violation(error: .messageTooLarge, limits: WebSocketLimits(maxMessageBytes: 10),
                  input: frame(.binary, noise(count: 6), fin: false) + frame(.continuation, noise(count: 6))),
        Violation(error: .tooManyFragments, limits: WebSocketLimits(maxFragments: 2),
                  input: frame(.binary, [1], fin: false) + frame(.continuation, [2], fin: false) + frame(.continuation, [3])),
        Violation(error: .inflatedMessageTooLarge, limits: WebSocketLimits(maxInflatedBytes: 999), deflate: deflate,
                  input: frame(.binary, bomb, rsv1: true)),
    ]

    @Test func everyCaseHasAViolation() {
        #expect(Set(Self.violations.map(\.error)) == Set(ProtocolError.allCases))
    }

    /// The one mapping from violation to close code.
    @Test(arguments: [
        (ProtocolError.reservedBitsSet, CloseCode.protocolError), (.unknownOpcode, .protocolError),
        (.unmaskedClientFrame, .protocolError), (.maskedServerFrame, .protocolError),
        (.nonMinimalLength, .protocolError), (.lengthOverflow, .protocolError),
        (.controlFrameTooLong, .protocolError), (.fragmentedControlFrame, .protocolError),
        (.compressedControlFrame, .protocolError), (.compressedContinuation, .protocolError),
        (.unexpectedContinuation, .protocolError), (.expectedContinuation, .protocolError),
        (.closePayloadTooShort, .protocolError), (.invalidCloseCode, .protocolError),
        (.invalidCloseReason, .invalidPayloadData), (.invalidUTF8, .invalidPayloadData),
        (.invalidCompressedData, .invalidPayloadData), (.frameTooLarge, .messageTooBig),
        (.messageTooLarge, .messageTooBig), (.tooManyFragments, .messageTooBig),
        (.inflatedMessageTooLarge, .messageTooBig),
    ] as [(ProtocolError, CloseCode)])
    func mapsToCloseCode(error: ProtocolError, code: CloseCode) {
        #expect(error.closeCode == code)
        #expect(error.reason.utf8.count <= 123 && error.reason.utf8.allSatisfy { $0 < 0x80 })
    }

    @Test(arguments: violations)
    func failsTheConnectionWithItsCloseFrame(violation: Violation) throws {
        let code = violation.error.closeCode
        let reason = violation.error.reason
        let closeFrame = [0x88, UInt8(2 + reason.utf8.count), UInt8(code.rawValue >> 8), UInt8(code.rawValue & 0xFF)]
            + utf8(reason)
        for cuts in [[], Array(1 ..< violation.input.count)] {
            let connection = WebSocketConnection(role: violation.role, limits: violation.limits, deflate: violation.deflate)
            let events = connection.events(violation.input, cuts: cuts)
            #expect(events == [.closed(code, reason: reason)])
            #expect(connection.state == .closed)
            let output = connection.takeOutput()
            if violation.role == .server {
                #expect(output == closeFrame)
            } else {
                #expect(try parseFrames(output, masked: true).map(\.payload) == [Array(closeFrame.dropFirst(2))])
            }
            // Nothing more after failing.
            #expect(connection.events(frame(.text, utf8("x"))) == [])
            #expect(!connection.hasOutput)
        }
    }

    @Test func closeFramesAreByteExact() {
        let connection = WebSocketConnection.server()
        _ = connection.events(hex("83 80 00 00 00 00"))
        #expect(connection.takeOutput() == hex("88 10 03 ea 75 6e 6b 6e 6f 77 6e 20 6f 70 63 6f 64 65"))
        let tooBig = WebSocketConnection.server(limits: WebSocketLimits(maxFrameBytes: 10))
        _ = tooBig.events(hex("82 8b"))
        #expect(tooBig.takeOutput() == hex("88 11 03 f1 66 72 61 6d 65 20 74 6f 6f 20 6c 61 72 67 65"))
    }

    @Test func aFailureWhileClosingSendsNoSecondCloseFrame() {
        let connection = WebSocketConnection.server()
        connection.close(code: .normalClosure)
        _ = connection.takeOutput()
        #expect(connection.events(hex("83 80 00 00 00 00")) == [.closed(.protocolError, reason: "unknown opcode")])
        #expect(!connection.hasOutput)
    }
}
