/// What every room-path message carries, as a fixed-width ASCII prefix padded to the message size:
/// `S<scheduled:16 hex>A<actual send:16 hex>R<room:8 hex>P<sender:8 hex>Q<sequence:8 hex>` then dots.
/// ASCII so that any peer server can relay it as a text message; fixed-width so decoding is a
/// handful of loads, not a parse.
public struct MessageStamp: Equatable, Sendable {
    /// Monotonic nanoseconds at which the schedule said to send (latency is measured from here).
    public var scheduled: UInt64
    /// Monotonic nanoseconds at which it was actually written (send lag = actual − scheduled).
    public var actual: UInt64
    public var room: UInt32
    public var sender: UInt32
    public var sequence: UInt32

    public init(scheduled: UInt64, actual: UInt64, room: UInt32, sender: UInt32, sequence: UInt32) {
        self.scheduled = scheduled
        self.actual = actual
        self.room = room
        self.sender = sender
        self.sequence = sequence
    }

    /// Bytes of the prefix; shorter messages are not possible.
    public static let encodedBytes = 61
    static let padding = UInt8(ascii: ".")

    /// Writes the stamp and pads to `buffer.count` (which must be at least `encodedBytes`).
    public func encode(into buffer: UnsafeMutableRawBufferPointer) {
        precondition(buffer.count >= Self.encodedBytes)
        var at = 0
        func field(_ tag: Character, _ value: UInt64, digits: Int) {
            buffer[at] = tag.asciiValue!
            at += 1
            for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
                buffer[at] = Self.hexDigits[Int(value >> UInt64(shift) & 0xF)]
                at += 1
            }
        }
        field("S", scheduled, digits: 16)
        field("A", actual, digits: 16)
        field("R", UInt64(room), digits: 8)
        field("P", UInt64(sender), digits: 8)
        field("Q", UInt64(sequence), digits: 8)
        for index in at..<buffer.count { buffer[index] = Self.padding }
    }

    public func encoded(size: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: max(size, Self.encodedBytes))
        bytes.withUnsafeMutableBytes { encode(into: $0) }
        return bytes
    }

    /// Nil for anything that is not a stamp this generator wrote (counted as an error).
    public init?(decoding bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= Self.encodedBytes else { return nil }
        var at = 0
        func field(_ tag: Character, digits: Int) -> UInt64? {
            guard bytes[at] == tag.asciiValue! else { return nil }
            at += 1
            var value: UInt64 = 0
            for _ in 0..<digits {
                let c = bytes[at]
                at += 1
                let digit: UInt8
                switch c {
                case 0x30...0x39: digit = c - 0x30
                case 0x61...0x66: digit = c - 0x61 + 10
                default: return nil
                }
                value = value << 4 | UInt64(digit)
            }
            return value
        }
        guard let scheduled = field("S", digits: 16), let actual = field("A", digits: 16),
            let room = field("R", digits: 8), let sender = field("P", digits: 8),
            let sequence = field("Q", digits: 8)
        else { return nil }
        self.init(
            scheduled: scheduled, actual: actual, room: UInt32(room), sender: UInt32(sender),
            sequence: UInt32(sequence))
    }

    public init?(decoding bytes: [UInt8]) {
        guard let stamp = bytes.withUnsafeBytes({ MessageStamp(decoding: $0) }) else { return nil }
        self = stamp
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
