/// Encodes frames (RFC 6455 §5.2): the header with the shortest length encoding, then the
/// payload, masked in the same pass that copies it when a masking key is given.
public enum FrameWriter {
    public static func encode(
        opcode: Opcode, payload: UnsafeRawBufferPointer, fin: Bool = true, rsv1: Bool = false,
        maskingKey: (UInt8, UInt8, UInt8, UInt8)? = nil
    ) -> [UInt8] {
        let key = maskingKey.map(MaskingKey.init)
        var frame: [UInt8] = []
        frame.reserveCapacity(headerBytes(payloadCount: payload.count, masked: key != nil) + payload.count)
        append(opcode: opcode, payload: payload, fin: fin, rsv1: rsv1, maskingKey: key, to: &frame)
        return frame
    }

    public static func encode(
        opcode: Opcode, payload: [UInt8], fin: Bool = true, rsv1: Bool = false,
        maskingKey: (UInt8, UInt8, UInt8, UInt8)? = nil
    ) -> [UInt8] {
        payload.withUnsafeBytes {
            encode(opcode: opcode, payload: $0, fin: fin, rsv1: rsv1, maskingKey: maskingKey)
        }
    }

    /// Appends one whole frame to `output`: the way connections queue frames without an
    /// intermediate array.
    public static func append(
        opcode: Opcode, payload: UnsafeRawBufferPointer, fin: Bool = true, rsv1: Bool = false,
        maskingKey: MaskingKey? = nil, to output: inout [UInt8]
    ) {
        appendHeader(opcode: opcode, payloadCount: payload.count, fin: fin, rsv1: rsv1, maskingKey: maskingKey, to: &output)
        guard let source = payload.baseAddress, !payload.isEmpty else { return }
        output.append(addingCapacity: payload.count) { span in
            span.withUnsafeMutableBufferPointer { buffer, initialized in
                let destination = UnsafeMutableRawPointer(buffer.baseAddress!)
                if let maskingKey {
                    maskingKey.apply(payload, offset: 0, to: destination)
                } else {
                    destination.copyMemory(from: source, byteCount: payload.count)
                }
                initialized = payload.count
            }
        }
    }

    /// Appends only a header, for a payload the caller appends itself.
    public static func appendHeader(
        opcode: Opcode, payloadCount: Int, fin: Bool = true, rsv1: Bool = false,
        maskingKey: MaskingKey? = nil, to output: inout [UInt8]
    ) {
        let size = headerBytes(payloadCount: payloadCount, masked: maskingKey != nil)
        output.append(addingCapacity: size) { span in
            span.append((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode.rawValue)
            let maskBit: UInt8 = maskingKey == nil ? 0 : 0x80
            switch payloadCount {
            case ..<126:
                span.append(maskBit | UInt8(payloadCount))
            case ...0xFFFF:
                span.append(maskBit | 126)
                span.append(UInt8(truncatingIfNeeded: payloadCount >> 8))
                span.append(UInt8(truncatingIfNeeded: payloadCount))
            default:
                span.append(maskBit | 127)
                for shift in stride(from: 56, through: 0, by: -8) {
                    span.append(UInt8(truncatingIfNeeded: UInt64(payloadCount) >> UInt64(shift)))
                }
            }
            if let key = maskingKey?.bytes {
                span.append(key.0)
                span.append(key.1)
                span.append(key.2)
                span.append(key.3)
            }
        }
    }

    /// 2, 4 or 10 bytes for the length forms, plus 4 for a masking key.
    public static func headerBytes(payloadCount: Int, masked: Bool) -> Int {
        let base = payloadCount < 126 ? 2 : payloadCount <= 0xFFFF ? 4 : 10
        return base + (masked ? 4 : 0)
    }
}
