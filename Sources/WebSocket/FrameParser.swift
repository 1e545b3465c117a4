/// Incremental frame parser (RFC 6455 §5.2), shaped like swift-nio's `WSParser` with uWebSockets'
/// spill buffer: feed it whatever bytes arrived and pull items until it needs more.
///
/// It never buffers payload. Payload comes out as slices of the caller's input, still masked,
/// so the caller unmasks each slice straight into wherever the message is assembled: one copy.
/// A header is checked against every rule that a header alone can break before any of its payload
/// is handed out. A header split across reads is kept in a 14-byte spill buffer.
///
/// ```swift
/// var cursor = 0
/// while let item = try parser.next(bytes, cursor: &cursor) { ... }
/// ```
public final class FrameParser {
    public enum Item {
        case header(FrameHeader)
        /// Payload bytes `offset ..< offset + chunk.count` of the current frame, still masked.
        /// Valid only until the caller's input buffer goes away.
        case payload(UnsafeRawBufferPointer, offset: Int)
        /// The current frame's payload is complete.
        case end
    }

    private enum State {
        case header
        case payload(remaining: Int, offset: Int)
        case end
    }

    /// Server role: every incoming frame must be masked. Client role: none may be.
    public let requireMasked: Bool
    /// permessage-deflate was negotiated, so RSV1 may mark a compressed message.
    public let allowRSV1: Bool
    public let maxFrameBytes: Int

    private var state = State.header
    private var spill = InlineArray<14, UInt8>(repeating: 0)
    private var spillCount = 0
    private var failure: ProtocolError?

    public init(requireMasked: Bool, allowRSV1: Bool, maxFrameBytes: Int) {
        self.requireMasked = requireMasked
        self.allowRSV1 = allowRSV1
        self.maxFrameBytes = maxFrameBytes
    }

    /// The next item from `input[cursor...]`, advancing `cursor` past what it used, or nil when it
    /// needs more bytes. After a throw the parser keeps throwing the same error.
    public func next(_ input: UnsafeRawBufferPointer, cursor: inout Int) throws(ProtocolError) -> Item? {
        if let failure { throw failure }
        switch state {
        case .header:
            let header: FrameHeader?
            do { header = try readHeader(input, cursor: &cursor) } catch {
                failure = error
                throw error
            }
            guard let header else { return nil }
            state = header.payloadLength == 0 ? .end : .payload(remaining: header.payloadLength, offset: 0)
            return .header(header)
        case .payload(let remaining, let offset):
            let count = min(remaining, input.count - cursor)
            guard count > 0 else { return nil }
            let chunk = UnsafeRawBufferPointer(rebasing: input[cursor ..< cursor + count])
            cursor += count
            state = count == remaining ? .end : .payload(remaining: remaining - count, offset: offset + count)
            return .payload(chunk, offset: offset)
        case .end:
            state = .header
            return .end
        }
    }

    private func readHeader(_ input: UnsafeRawBufferPointer, cursor: inout Int) throws(ProtocolError) -> FrameHeader? {
        // Fast path: the whole header is in this read, so parse it where it lies.
        if spillCount == 0 && input.count - cursor >= 2 {
            let needed = FrameHeader.encodedBytes(secondByte: input[cursor + 1])
            if input.count - cursor >= needed {
                let header = try decode(UnsafeRawBufferPointer(rebasing: input[cursor ..< cursor + needed]))
                cursor += needed
                return header
            }
        }
        // Slow path: gather the header byte by byte, checking each byte as soon as it arrives.
        while cursor < input.count {
            spill[spillCount] = input[cursor]
            cursor += 1
            spillCount += 1
            if spillCount == 1 {
                try check(first: spill[0])
                continue
            }
            if spillCount == 2 {
                try check(first: spill[0], second: spill[1])
            }
            let needed = FrameHeader.encodedBytes(secondByte: spill[1])
            if spillCount == needed {
                spillCount = 0
                return try spill.span.withUnsafeBytes { bytes throws(ProtocolError) in
                    try decode(UnsafeRawBufferPointer(rebasing: bytes[0 ..< needed]))
                }
            }
        }
        return nil
    }

    private func check(first: UInt8) throws(ProtocolError) {
        let rsv1 = first & 0x40 != 0
        if first & 0x30 != 0 || (rsv1 && !allowRSV1) { throw .reservedBitsSet }
        guard let opcode = Opcode(rawValue: first & 0x0F) else { throw .unknownOpcode }
        if opcode.isControl {
            if first & 0x80 == 0 { throw .fragmentedControlFrame }
            if rsv1 { throw .compressedControlFrame }
        } else if rsv1 && opcode == .continuation {
            // RFC 7692 §6.1: only the first frame of a message carries the compressed bit.
            throw .compressedContinuation
        }
    }

    private func check(first: UInt8, second: UInt8) throws(ProtocolError) {
        let masked = second & 0x80 != 0
        if masked != requireMasked { throw requireMasked ? .unmaskedClientFrame : .maskedServerFrame }
        if first & 0x08 != 0 && second & 0x7F > 125 { throw .controlFrameTooLong }
    }

    /// Decodes a complete header; `bytes.count` is exactly its encoded size.
    private func decode(_ bytes: UnsafeRawBufferPointer) throws(ProtocolError) -> FrameHeader {
        let first = bytes[0], second = bytes[1]
        try check(first: first)
        try check(first: first, second: second)
        var length = Int(second & 0x7F)
        var index = 2
        if length == 126 {
            length = Int(bytes[2]) << 8 | Int(bytes[3])
            if length < 126 { throw .nonMinimalLength }
            index = 4
        } else if length == 127 {
            let wide = (0 ..< 8).reduce(UInt64(0)) { $0 << 8 | UInt64(bytes[2 + $1]) }
            if wide & (1 << 63) != 0 { throw .lengthOverflow }
            if wide <= 0xFFFF { throw .nonMinimalLength }
            if wide > UInt64(maxFrameBytes) { throw .frameTooLarge }
            length = Int(wide)
            index = 10
        }
        if length > maxFrameBytes { throw .frameTooLarge }
        var maskingKey: MaskingKey?
        if second & 0x80 != 0 {
            maskingKey = MaskingKey((bytes[index], bytes[index + 1], bytes[index + 2], bytes[index + 3]))
        }
        // check(first:) above has already rejected unknown opcodes.
        return FrameHeader(
            fin: first & 0x80 != 0, rsv1: first & 0x40 != 0, opcode: Opcode(rawValue: first & 0x0F)!,
            maskingKey: maskingKey, payloadLength: length)
    }
}

@available(*, unavailable)
extension FrameParser: Sendable {}
