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

    /// Server role: every incoming frame must be masked. Client role: none may be.
    public let requireMasked: Bool
    /// permessage-deflate was negotiated, so RSV1 may mark a compressed message.
    public let allowRSV1: Bool
    public let maxFrameBytes: Int
    private var decoder: FrameDecoder

    public init(requireMasked: Bool, allowRSV1: Bool, maxFrameBytes: Int) {
        self.requireMasked = requireMasked
        self.allowRSV1 = allowRSV1
        self.maxFrameBytes = maxFrameBytes
        decoder = FrameDecoder(requireMasked: requireMasked, allowRSV1: allowRSV1, maxFrameBytes: maxFrameBytes)
    }

    /// The next item from `input[cursor...]`, advancing `cursor` past what it used, or nil when it
    /// needs more bytes. After a throw the parser keeps throwing the same error.
    public func next(_ input: UnsafeRawBufferPointer, cursor: inout Int) throws(ProtocolError) -> Item? {
        try decoder.next(input, cursor: &cursor)
    }
}

@available(*, unavailable)
extension FrameParser: Sendable {}
