/// A frame header (RFC 6455 §5.2) as read off the wire, already checked against the rules that
/// a header alone can break.
public struct FrameHeader: Equatable, Sendable {
    public var fin: Bool
    /// permessage-deflate's "Per-Message Compressed" bit (RFC 7692 §6).
    public var rsv1: Bool
    public var opcode: Opcode
    public var maskingKey: MaskingKey?
    public var payloadLength: Int

    public init(fin: Bool, rsv1: Bool, opcode: Opcode, maskingKey: MaskingKey?, payloadLength: Int) {
        self.fin = fin
        self.rsv1 = rsv1
        self.opcode = opcode
        self.maskingKey = maskingKey
        self.payloadLength = payloadLength
    }

    /// The longest header: 2 bytes, a 64-bit length and a masking key.
    static let maxEncodedBytes = 14

    /// How many header bytes follow from the first two: 2, plus the extended length, plus 4
    /// when masked.
    static func encodedBytes(secondByte: UInt8) -> Int {
        2 + extendedLengthBytes(secondByte: secondByte) + (secondByte & 0x80 != 0 ? 4 : 0)
    }

    /// 0, or 2 or 8 bytes of extended payload length (length field 126 or 127).
    static func extendedLengthBytes(secondByte: UInt8) -> Int {
        switch secondByte & 0x7F {
        case 126: 2
        case 127: 8
        default: 0
        }
    }
}
