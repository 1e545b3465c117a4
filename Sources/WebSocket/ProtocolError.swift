/// Every way a peer can break RFC 6455 / RFC 7692 or our limits. Each one fails the connection
/// with the close code from `closeCode` and the short fixed `reason` (no peer data is echoed).
public enum ProtocolError: Error, Hashable, Sendable, CaseIterable {
    // Frame header (§5.2).
    case reservedBitsSet
    case unknownOpcode
    case unmaskedClientFrame
    case maskedServerFrame
    case nonMinimalLength
    case lengthOverflow
    // Control frames (§5.5).
    case controlFrameTooLong
    case fragmentedControlFrame
    case compressedControlFrame
    // Fragmentation (§5.4).
    case compressedContinuation
    case unexpectedContinuation
    case expectedContinuation
    // Close frames (§5.5.1, §7.4).
    case closePayloadTooShort
    case invalidCloseCode
    case invalidCloseReason
    // Payload data.
    case invalidUTF8
    case invalidCompressedData
    // Limits (WebSocketLimits).
    case frameTooLarge
    case messageTooLarge
    case tooManyFragments
    case inflatedMessageTooLarge

    /// The one place where violations become close codes.
    public var closeCode: CloseCode {
        switch self {
        case .reservedBitsSet, .unknownOpcode, .unmaskedClientFrame, .maskedServerFrame,
             .nonMinimalLength, .lengthOverflow, .controlFrameTooLong, .fragmentedControlFrame,
             .compressedControlFrame, .compressedContinuation, .unexpectedContinuation,
             .expectedContinuation, .closePayloadTooShort, .invalidCloseCode:
            .protocolError
        case .invalidCloseReason, .invalidUTF8, .invalidCompressedData:
            .invalidPayloadData
        // Too many fragments is a size problem like the others, so it shares 1009.
        case .frameTooLarge, .messageTooLarge, .tooManyFragments, .inflatedMessageTooLarge:
            .messageTooBig
        }
    }

    /// The reason sent in the close frame: short, fixed, ASCII.
    public var reason: String {
        switch self {
        case .reservedBitsSet: "reserved bits set"
        case .unknownOpcode: "unknown opcode"
        case .unmaskedClientFrame: "client frame not masked"
        case .maskedServerFrame: "server frame masked"
        case .nonMinimalLength: "non-minimal length"
        case .lengthOverflow: "length overflow"
        case .controlFrameTooLong: "control frame too long"
        case .fragmentedControlFrame: "fragmented control frame"
        case .compressedControlFrame: "compressed control frame"
        case .compressedContinuation: "rsv1 on continuation"
        case .unexpectedContinuation: "unexpected continuation"
        case .expectedContinuation: "expected continuation"
        case .closePayloadTooShort: "close payload too short"
        case .invalidCloseCode: "invalid close code"
        case .invalidCloseReason: "invalid close reason"
        case .invalidUTF8: "invalid utf-8"
        case .invalidCompressedData: "invalid compressed data"
        case .frameTooLarge: "frame too large"
        case .messageTooLarge: "message too large"
        case .tooManyFragments: "too many fragments"
        case .inflatedMessageTooLarge: "inflated message too large"
        }
    }
}
