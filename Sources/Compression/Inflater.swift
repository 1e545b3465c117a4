import CZlib

/// Raw INFLATE for permessage-deflate (RFC 7692 §7.2.2): appends the `00 00 FF FF` that the
/// sender stripped and inflates with an output ceiling, so a tiny zip bomb cannot allocate more
/// than the caller's limit (plus one byte, which is how an overflow is noticed).
///
/// Confined to one thread, like the connection that owns it.
public final class Inflater {
    public let windowBits: Int
    public let noContextTakeover: Bool
    // zlib keeps a pointer back to the z_stream, so it must not move: allocate it ourselves.
    private let stream: UnsafeMutablePointer<z_stream>
    /// The sender ended this message with a BFINAL block; only our own tail may follow.
    private var streamEnded = false

    /// - Parameter windowBits: 8...15; inflating with a window at least as big as the sender's is
    ///   always correct.
    public init(windowBits: Int = 15, noContextTakeover: Bool) throws(ZlibError) {
        self.windowBits = windowBits
        self.noContextTakeover = noContextTakeover
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let rc = cw_inflateInit2(stream, -Int32(windowBits))
        guard rc == Z_OK else {
            stream.deallocate()
            throw ZlibError(code: rc, function: "inflateInit2")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Inflates one whole message. `limit` is the most bytes it may produce.
    public func decompress(_ input: UnsafeRawBufferPointer, limit: Int) throws(InflateError) -> [UInt8] {
        var output: [UInt8] = []
        try decompress(input, limit: limit, isFinal: true, appendingTo: &output)
        return output
    }

    public func decompress(_ input: [UInt8], limit: Int) throws(InflateError) -> [UInt8] {
        var output: [UInt8] = []
        let failure: InflateError? = input.withUnsafeBytes { bytes in
            do throws(InflateError) {
                try decompress(bytes, limit: limit, isFinal: true, appendingTo: &output)
                return nil
            } catch { return error }
        }
        if let failure { throw failure }
        return output
    }

    /// Inflates one fragment of a message onto the end of `output`, so fragments stream into one
    /// buffer. `limit` is the most bytes this call may append; `isFinal` ends the message.
    /// After a throw the stream is reset and the message must be abandoned.
    public func decompress(
        _ input: UnsafeRawBufferPointer, limit: Int, isFinal: Bool, appendingTo output: inout [UInt8]
    ) throws(InflateError) {
        precondition(limit >= 0 && input.count <= Int(UInt32.max))
        let ceiling = output.count + limit
        var failure = feed(input, isTail: false, ceiling: ceiling, into: &output)
        if failure == nil, isFinal {
            failure = withUnsafeBytes(of: Self.tail) { feed($0, isTail: true, ceiling: ceiling, into: &output) }
        }
        if let failure {
            streamEnded = false
            inflateReset(stream)
            throw failure
        }
        if isFinal {
            finishMessage()
        }
    }

    private static let tail: (UInt8, UInt8, UInt8, UInt8) = (0x00, 0x00, 0xFF, 0xFF)

    private func feed(
        _ input: UnsafeRawBufferPointer, isTail: Bool, ceiling: Int, into output: inout [UInt8]
    ) -> InflateError? {
        guard let base = input.baseAddress, !input.isEmpty else { return nil }
        if streamEnded { return isTail ? nil : .corrupt }
        defer {
            stream.pointee.next_in = nil
            stream.pointee.next_out = nil
        }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = uInt(input.count)
        while true {
            // Room for one byte past the ceiling: producing it proves the message is too large.
            let room = ceiling + 1 - output.count
            if output.capacity == output.count {
                // Grow geometrically but never past the ceiling, whatever the input claims.
                let wanted = max(output.capacity * 2, output.count + 1024, output.count + input.count * 4)
                output.reserveCapacity(min(wanted, ceiling + 1))
            }
            let chunk = min(output.capacity - output.count, room)
            var rc = Z_OK
            output.append(addingCapacity: chunk) { span in
                span.withUnsafeMutableBufferPointer { buffer, initialized in
                    stream.pointee.next_out = buffer.baseAddress
                    stream.pointee.avail_out = uInt(buffer.count)
                    rc = inflate(stream, Z_SYNC_FLUSH)
                    initialized = buffer.count - Int(stream.pointee.avail_out)
                }
            }
            if output.count > ceiling { return .tooLarge }
            switch rc {
            case Z_STREAM_END:
                streamEnded = true
                return stream.pointee.avail_in == 0 || isTail ? nil : .corrupt
            case Z_OK, Z_BUF_ERROR:
                // Output room left over means zlib used up all the input.
                if stream.pointee.avail_out > 0 { return nil }
            default:
                return .corrupt
            }
        }
    }

    private func finishMessage() {
        if streamEnded && !noContextTakeover {
            // The sender closed its DEFLATE stream but keeps its window: carry ours over too.
            var window = [UInt8](repeating: 0, count: 1 << windowBits)
            var length: uInt = 0
            window.withUnsafeMutableBufferPointer { _ = inflateGetDictionary(stream, $0.baseAddress, &length) }
            inflateReset(stream)
            window.withUnsafeBufferPointer { _ = inflateSetDictionary(stream, $0.baseAddress, length) }
        } else if streamEnded || noContextTakeover {
            inflateReset(stream)
        }
        streamEnded = false
    }
}

@available(*, unavailable)
extension Inflater: Sendable {}
