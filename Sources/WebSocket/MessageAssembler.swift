import Compression

/// Turns data frames into whole messages: the fragmentation rules (RFC 6455 §5.4), the size
/// limits, permessage-deflate inflation (RFC 7692 §7.2.2) and UTF-8 validation of text, which
/// runs on every chunk as it arrives so an invalid message fails at its first bad byte.
struct MessageAssembler {
    private let limits: WebSocketLimits
    /// How to inflate the peer's compressed messages; nil when deflate was not agreed.
    private let inflation: (windowBits: Int, noContextTakeover: Bool)?
    /// Created with the first compressed message: an inflate stream costs ~7 KiB (plus its
    /// window once used), which idle connections should not pay.
    private var inflater: Inflater?
    /// The opcode of the message in progress; nil between messages.
    private var opcode: Opcode?
    private var compressed = false
    private var fragments = 0
    private var wireBytes = 0
    private var fin = false
    private var maskingKey: MaskingKey?
    private var message: [UInt8] = []
    private var utf8 = UTF8Validator()
    /// Unmasked compressed bytes on their way into the inflater.
    private var scratch: [UInt8] = []

    init(limits: WebSocketLimits, inflation: (windowBits: Int, noContextTakeover: Bool)?) {
        self.limits = limits
        self.inflation = inflation
    }

    /// Checks a data frame's header against the message so far, before any of its payload.
    mutating func begin(_ header: FrameHeader) throws(ProtocolError) {
        if header.opcode == .continuation {
            guard opcode != nil else { throw .unexpectedContinuation }
        } else {
            guard opcode == nil else { throw .expectedContinuation }
            opcode = header.opcode
            compressed = header.rsv1
            fragments = 0
            wireBytes = 0
            utf8 = UTF8Validator()
        }
        fragments += 1
        if fragments > limits.maxFragments { throw .tooManyFragments }
        wireBytes += header.payloadLength
        if wireBytes > limits.maxMessageBytes { throw .messageTooLarge }
        fin = header.fin
        maskingKey = header.maskingKey
    }

    /// Takes payload bytes `offset...` of the current frame, still masked.
    mutating func append(_ chunk: UnsafeRawBufferPointer, offset: Int) throws(ProtocolError) {
        let start = message.count
        if compressed {
            if let maskingKey {
                unmask(chunk, offset: offset, key: maskingKey, into: &scratch, replacing: true)
                let input = scratch
                try input.withUnsafeBufferPointer { buffer throws(ProtocolError) in
                    try inflate(UnsafeRawBufferPointer(buffer), isFinal: false)
                }
            } else {
                try inflate(chunk, isFinal: false)
            }
        } else if let maskingKey {
            unmask(chunk, offset: offset, key: maskingKey, into: &message, replacing: false)
        } else {
            message.append(contentsOf: chunk)
        }
        try validateText(from: start)
    }

    /// Ends the current frame; returns the message if that frame was its last.
    mutating func end() throws(ProtocolError) -> WebSocketEvent? {
        guard fin, let opcode else { return nil }
        if compressed {
            let start = message.count
            try inflate(UnsafeRawBufferPointer(start: nil, count: 0), isFinal: true)
            try validateText(from: start)
        }
        if opcode == .text && !utf8.isComplete { throw .invalidUTF8 }
        self.opcode = nil
        if scratch.capacity > 1 << 16 { scratch = [] }  // one big message should not pin memory
        defer { message = [] }
        return opcode == .text ? .text(message) : .binary(message)
    }

    private mutating func validateText(from start: Int) throws(ProtocolError) {
        guard opcode == .text, start < message.count else { return }
        let valid = message.withUnsafeBytes { utf8.validate(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        if !valid { throw .invalidUTF8 }
    }

    private mutating func inflate(_ input: UnsafeRawBufferPointer, isFinal: Bool) throws(ProtocolError) {
        // The parser allows RSV1 only when deflate was negotiated.
        guard let inflation else { throw .reservedBitsSet }
        if inflater == nil {
            inflater = try? Inflater(windowBits: inflation.windowBits, noContextTakeover: inflation.noContextTakeover)
        }
        guard let inflater else { throw .invalidCompressedData }
        do {
            try inflater.decompress(
                input, limit: limits.maxInflatedBytes - message.count, isFinal: isFinal, appendingTo: &message)
        } catch {
            throw error == .tooLarge ? .inflatedMessageTooLarge : .invalidCompressedData
        }
    }

    /// Copies and unmasks in one pass, straight into `buffer`'s spare capacity.
    private func unmask(
        _ chunk: UnsafeRawBufferPointer, offset: Int, key: MaskingKey, into buffer: inout [UInt8], replacing: Bool
    ) {
        if replacing { buffer.removeAll(keepingCapacity: true) }
        guard !chunk.isEmpty else { return }
        buffer.append(addingCapacity: chunk.count) { span in
            span.withUnsafeMutableBufferPointer { destination, initialized in
                key.apply(chunk, offset: offset, to: UnsafeMutableRawPointer(destination.baseAddress!))
                initialized = chunk.count
            }
        }
    }
}
