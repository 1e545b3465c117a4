import Compression

/// A message encoded once and written to many connections, across threads, without a copy per
/// recipient: `WebSocketConnection.frame(for:)` picks which stored frame a peer gets, and the
/// arrays share their storage.
public final class SharedMessage: Sendable {
    public let opcode: Opcode
    /// The complete unmasked server frame, RSV1 = 0. Any peer can take it.
    public let plainFrame: [UInt8]
    /// The complete frame with RSV1 = 1, compressed with a fresh window-15 context, so it
    /// depends on no earlier message. nil without a deflater, for control frames, or when
    /// compressing did not make the frame smaller.
    public let deflatedFrame: [UInt8]?
    /// The uncompressed payload size; the compressed frame refers back at most this far.
    public let payloadCount: Int

    /// - Parameter deflater: nil, or a window-15 `noContextTakeover` deflater owned by the calling
    ///   thread. Pass nil for messages too small to be worth compressing.
    public init(opcode: Opcode, payload: UnsafeRawBufferPointer, deflater: Deflater?) {
        self.opcode = opcode
        payloadCount = payload.count
        (plainFrame, deflatedFrame) = Self.encode(opcode, payload, deflater)
    }

    public init(opcode: Opcode, payload: [UInt8], deflater: Deflater?) {
        self.opcode = opcode
        payloadCount = payload.count
        (plainFrame, deflatedFrame) = payload.withUnsafeBytes { Self.encode(opcode, $0, deflater) }
    }

    private static func encode(
        _ opcode: Opcode, _ payload: UnsafeRawBufferPointer, _ deflater: Deflater?
    ) -> (plain: [UInt8], deflated: [UInt8]?) {
        precondition(deflater.map { $0.noContextTakeover && $0.windowBits == 15 } ?? true,
                     "a shared frame must not depend on earlier messages")
        let plain = FrameWriter.encode(opcode: opcode, payload: payload)
        guard let deflater, !opcode.isControl, let compressed = try? deflater.compress(payload),
              compressed.count < payload.count else {
            return (plain, nil)
        }
        return (plain, compressed.withUnsafeBytes { FrameWriter.encode(opcode: opcode, payload: $0, rsv1: true) })
    }
}
