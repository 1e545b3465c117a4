/// The 4-byte key a client XORs over every payload it sends (RFC 6455 §5.3).
public struct MaskingKey: Equatable, Sendable {
    public var bytes: (UInt8, UInt8, UInt8, UInt8)

    public init(_ bytes: (UInt8, UInt8, UInt8, UInt8)) {
        self.bytes = bytes
    }

    public static func == (lhs: MaskingKey, rhs: MaskingKey) -> Bool {
        lhs.bytes == rhs.bytes
    }

    /// XORs `source` into `destination` (which may be the same memory) as bytes `offset...` of a
    /// payload, so a payload can be unmasked chunk by chunk as it arrives. Eight bytes at a time.
    public func apply(_ source: UnsafeRawBufferPointer, offset: Int, to destination: UnsafeMutableRawPointer) {
        guard let input = source.baseAddress else { return }
        let count = source.count
        // The key rotated so that its first byte lines up with payload byte `offset`. Both halves of
        // the 8-byte word hold the same 4 bytes, so this works in either byte order.
        let rotated = withUnsafeBytes(of: (bytes.0, bytes.1, bytes.2, bytes.3, bytes.0, bytes.1, bytes.2)) {
            $0.loadUnaligned(fromByteOffset: offset & 3, as: UInt32.self)
        }
        let wide = UInt64(rotated) | UInt64(rotated) << 32
        var index = 0
        while index + 8 <= count {
            let word = input.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            destination.storeBytes(of: word ^ wide, toByteOffset: index, as: UInt64.self)
            index += 8
        }
        withUnsafeBytes(of: wide) { key in
            while index < count {
                let byte = input.load(fromByteOffset: index, as: UInt8.self) ^ key[index & 7]
                destination.storeBytes(of: byte, toByteOffset: index, as: UInt8.self)
                index += 1
            }
        }
    }

    /// Masks or unmasks bytes in place.
    public func apply(to buffer: UnsafeMutableRawBufferPointer, offset: Int) {
        guard let base = buffer.baseAddress else { return }
        apply(UnsafeRawBufferPointer(buffer), offset: offset, to: base)
    }
}
