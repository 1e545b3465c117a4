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
    /// The sender's DEFLATE stream hit a final block (BFINAL = 1).
    private var streamEnded = false

    /// - Parameter windowBits: 8...15; inflating with a window at least as big as the sender's is
    ///   always correct.
    public init(windowBits: Int = 15, noContextTakeover: Bool) throws(ZlibError) {
        self.windowBits = windowBits
        self.noContextTakeover = noContextTakeover
        // Assign `self.stream` only on success: a class whose stored properties are all set runs
        // deinit when its init throws, and deinit would end a stream that never started.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let rc = cw_inflateInit2(stream, -Int32(windowBits))
        guard rc == Z_OK else {
            stream.deallocate()
            throw ZlibError(code: rc, function: "inflateInit2")
        }
        self.stream = stream
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
        messageHasInput = messageHasInput || !input.isEmpty
        // An empty payload is an empty message. The tail alone would leave zlib inside a stored
        // block, waiting for bytes that belong to the next message.
        if failure == nil, isFinal, messageHasInput {
            failure = withUnsafeBytes(of: Self.tail) { feed($0, isTail: true, ceiling: ceiling, into: &output) }
        }
        if let failure {
            inflateReset(stream)
            streamEnded = false
            messageHasInput = false
            throw failure
        }
        if isFinal {
            if noContextTakeover {
                inflateReset(stream)
            } else if streamEnded {
                restart()
            }
            streamEnded = false
            messageHasInput = false
        }
    }

    private static let tail: (UInt8, UInt8, UInt8, UInt8) = (0x00, 0x00, 0xFF, 0xFF)
    private var messageHasInput = false

    private func feed(
        _ input: UnsafeRawBufferPointer, isTail: Bool, ceiling: Int, into output: inout [UInt8]
    ) -> InflateError? {
        guard let base = input.baseAddress, !input.isEmpty else { return nil }
        if streamEnded {
            // RFC 7692 §7.2.3.5: a final block may be followed by a byte that our tail completes
            // into an empty block; never inflate the tail on its own.
            if isTail { return nil }
            restart()
        }
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
                // More input after a final block starts a new DEFLATE stream in the same message.
                if stream.pointee.avail_in == 0 || isTail { return nil }
                let next = stream.pointee.next_in, left = stream.pointee.avail_in
                restart()
                stream.pointee.next_in = next
                stream.pointee.avail_in = left
            case Z_OK, Z_BUF_ERROR:
                // Output room left over means zlib used up all the input.
                if stream.pointee.avail_out > 0 { return nil }
            default:
                return .corrupt
            }
        }
    }

    /// Starts a new DEFLATE stream after a final block, keeping the window: the sender's
    /// back-references may still reach into what came before.
    private func restart() {
        var window = [UInt8](repeating: 0, count: 1 << windowBits)
        var length: uInt = 0
        window.withUnsafeMutableBufferPointer { _ = inflateGetDictionary(stream, $0.baseAddress, &length) }
        inflateReset(stream)
        window.withUnsafeBufferPointer { _ = inflateSetDictionary(stream, $0.baseAddress, length) }
        streamEnded = false
    }
}

@available(*, unavailable)
extension Inflater: Sendable {}
