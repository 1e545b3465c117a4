import CZlib

/// Raw DEFLATE for permessage-deflate (RFC 7692 §7.2.1). One call compresses one whole message:
/// it ends with `Z_SYNC_FLUSH` and strips the `00 00 FF FF` that the flush leaves at the end.
///
/// Confined to one thread, like the connection or loop that owns it.
public final class Deflater {
    /// zlib's own default trades speed and ratio well for short JSON messages.
    public static let defaultLevel: Int32 = 6

    public let windowBits: Int
    public let noContextTakeover: Bool
    // zlib keeps a pointer back to the z_stream, so it must not move: allocate it ourselves.
    private let stream: UnsafeMutablePointer<z_stream>

    /// - Parameters:
    ///   - windowBits: 9...15. zlib refuses raw DEFLATE with 8 (it would silently use 9), so 8 throws.
    ///   - noContextTakeover: reset the LZ77 window after every message.
    public init(windowBits: Int = 15, noContextTakeover: Bool, level: Int32 = Deflater.defaultLevel) throws(ZlibError) {
        self.windowBits = windowBits
        self.noContextTakeover = noContextTakeover
        // Assign `self.stream` only on success: a class whose stored properties are all set runs
        // deinit when its init throws, and deinit would end a stream that never started.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // memLevel 8 is zlib's default: about 256 KiB per stream at window 15.
        let rc = cw_deflateInit2(stream, level, -Int32(windowBits), 8)
        guard rc == Z_OK else {
            stream.deallocate()
            throw ZlibError(code: rc, function: "deflateInit2")
        }
        self.stream = stream
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// Compresses one whole message and returns the payload of its frame (RSV1 = 1).
    public func compress(_ input: UnsafeRawBufferPointer) throws(ZlibError) -> [UInt8] {
        var output: [UInt8] = []
        try compress(input, appendingTo: &output)
        return output
    }

    public func compress(_ input: [UInt8]) throws(ZlibError) -> [UInt8] {
        var output: [UInt8] = []
        var failure: ZlibError?
        input.withUnsafeBytes { bytes in
            do throws(ZlibError) { try compress(bytes, appendingTo: &output) } catch { failure = error }
        }
        if let failure { throw failure }
        return output
    }

    /// Compresses one whole message onto the end of `output`, so a caller can put a frame header
    /// in front without another copy.
    public func compress(_ input: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) throws(ZlibError) {
        precondition(input.count <= Int(UInt32.max), "one message is far below 4 GiB")
        defer {
            stream.pointee.next_in = nil
            stream.pointee.next_out = nil
        }
        // An empty message is one empty stored block (RFC 7692 §7.2.3.6). zlib would emit nothing
        // for it right after a previous sync flush, so write the block ourselves.
        guard let base = input.baseAddress, !input.isEmpty else {
            output.append(0x00)
            return
        }
        let start = output.count
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = uInt(input.count)
        // deflateBound covers the whole message; the sync-flush marker adds at most 6 bytes.
        var room = Int(deflateBound(stream, uLong(input.count))) + 8
        var rc = Z_OK
        repeat {
            output.append(addingCapacity: room) { span in
                span.withUnsafeMutableBufferPointer { buffer, initialized in
                    stream.pointee.next_out = buffer.baseAddress
                    stream.pointee.avail_out = uInt(buffer.count)
                    rc = deflate(stream, Z_SYNC_FLUSH)
                    initialized = buffer.count - Int(stream.pointee.avail_out)
                }
            }
            guard rc == Z_OK || rc == Z_BUF_ERROR else {
                output.removeSubrange(start...)
                deflateReset(stream)
                throw ZlibError(code: rc, function: "deflate")
            }
            room = 4096
        } while stream.pointee.avail_out == 0 || stream.pointee.avail_in > 0
        // A sync flush always ends with an empty stored block: `00 00 FF FF` after byte alignment.
        assert(output.count - start >= 4 && Array(output.suffix(4)) == [0x00, 0x00, 0xFF, 0xFF])
        output.removeLast(4)
        if noContextTakeover {
            deflateReset(stream)
        }
    }

    /// Forgets the LZ77 window. Always safe for the peer: later messages then refer to less history.
    public func reset() {
        deflateReset(stream)
    }
}

@available(*, unavailable)
extension Deflater: Sendable {}
