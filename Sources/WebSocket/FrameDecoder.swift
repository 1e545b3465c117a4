/// `FrameParser`'s state machine as a value, so `ConnectionCore` can hold it inline and parse a
/// whole read inside one exclusive access. See `FrameParser` for the contract.
struct FrameDecoder {
    private enum State {
        case header
        case payload(remaining: Int, offset: Int)
        case end
    }

    let requireMasked: Bool
    let allowRSV1: Bool
    let maxFrameBytes: Int

    private var state = State.header
    private var spill = InlineArray<14, UInt8>(repeating: 0)
    private var spillCount = 0
    private var failure: ProtocolError?

    init(requireMasked: Bool, allowRSV1: Bool, maxFrameBytes: Int) {
        self.requireMasked = requireMasked
        self.allowRSV1 = allowRSV1
        self.maxFrameBytes = maxFrameBytes
    }

    mutating func next(_ input: UnsafeRawBufferPointer, cursor: inout Int) throws(ProtocolError) -> FrameParser.Item? {
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

    private mutating func readHeader(_ input: UnsafeRawBufferPointer, cursor: inout Int) throws(ProtocolError) -> FrameHeader? {
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
            // Check the length as soon as it is known, before the masking key arrives.
            if spillCount == 2 + FrameHeader.extendedLengthBytes(secondByte: spill[1]) {
                _ = try spill.span.withUnsafeBytes { bytes throws(ProtocolError) in
                    try payloadLength(UnsafeRawBufferPointer(rebasing: bytes[0 ..< spillCount]))
                }
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
        let length = try payloadLength(bytes)
        var maskingKey: MaskingKey?
        if second & 0x80 != 0 {
            let index = 2 + FrameHeader.extendedLengthBytes(secondByte: second)
            maskingKey = MaskingKey((bytes[index], bytes[index + 1], bytes[index + 2], bytes[index + 3]))
        }
        // check(first:) above has already rejected unknown opcodes.
        return FrameHeader(
            fin: first & 0x80 != 0, rsv1: first & 0x40 != 0, opcode: Opcode(rawValue: first & 0x0F)!,
            maskingKey: maskingKey, payloadLength: length)
    }

    /// The payload length from the first `2 + extendedLengthBytes` header bytes, checked for the
    /// shortest encoding (§5.2), the 64-bit form's clear top bit, and our frame limit.
    private func payloadLength(_ bytes: UnsafeRawBufferPointer) throws(ProtocolError) -> Int {
        let length: UInt64
        switch bytes[1] & 0x7F {
        case 126:
            length = UInt64(bytes[2]) << 8 | UInt64(bytes[3])
            if length < 126 { throw .nonMinimalLength }
        case 127:
            length = (2 ..< 10).reduce(UInt64(0)) { $0 << 8 | UInt64(bytes[$1]) }
            if length & (1 << 63) != 0 { throw .lengthOverflow }
            if length <= 0xFFFF { throw .nonMinimalLength }
        case let short:
            length = UInt64(short)
        }
        if length > UInt64(maxFrameBytes) { throw .frameTooLarge }
        return Int(length)
    }
}

