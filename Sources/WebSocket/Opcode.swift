/// Frame opcodes (RFC 6455 §5.2). The other values are reserved and fail the connection.
public enum Opcode: UInt8, Sendable {
    case continuation = 0x0
    case text = 0x1
    case binary = 0x2
    case close = 0x8
    case ping = 0x9
    case pong = 0xA

    /// Control frames (close, ping, pong) have the high bit of the opcode set (§5.5).
    public var isControl: Bool { rawValue & 0x8 != 0 }
}
