import COpenSSL

/// The BIO under a session. SSL reads ciphertext straight from the caller's receive buffer
/// and appends what it writes to an array that is handed out without copying. Nothing is
/// kept while idle: BIO_s_mem would hold on to its largest buffer for the connection's life,
/// which adds up at 10k+ connections.
final class MemoryTransport {
    /// Ciphertext not yet consumed by SSL; points into the caller's buffer during a receive only.
    var input = UnsafeRawBufferPointer(start: nil, count: 0)
    /// Ciphertext written by SSL, waiting for the socket.
    var output: [UInt8] = []

    /// A BIO reading `input` and appending to `output`. Whoever owns the BIO (the SSL)
    /// must be freed before `self`, which the BIO points at without retaining.
    func makeBIO() throws(TLSError) -> OpaquePointer {
        guard let method = Self.method, let bio = BIO_new(method) else {
            throw .drainingQueue(.configuration, "cannot create the session BIO")
        }
        BIO_set_data(bio, Unmanaged.passUnretained(self).toOpaque())
        BIO_set_init(bio, 1)
        return bio
    }

    private static func from(_ bio: OpaquePointer?) -> MemoryTransport? {
        guard let bio, let data = BIO_get_data(bio) else { return nil }
        return Unmanaged<MemoryTransport>.fromOpaque(data).takeUnretainedValue()
    }

    // Swift's lazy global initialisation creates it once; afterwards it is only read.
    private nonisolated(unsafe) static let method: OpaquePointer? = {
        guard let method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "carewire transport") else {
            return nil
        }
        _ = BIO_meth_set_read(method) { bio, buffer, length in
            guard let transport = from(bio), let buffer, length > 0 else { return -1 }
            cw_BIO_clear_retry_flags(bio)
            let available = transport.input
            guard let source = available.baseAddress, !available.isEmpty else {
                // Not end of stream: SSL turns this into SSL_ERROR_WANT_READ.
                cw_BIO_set_retry_read(bio)
                return -1
            }
            let count = min(Int(length), available.count)
            UnsafeMutableRawPointer(buffer).copyMemory(from: source, byteCount: count)
            transport.input = UnsafeRawBufferPointer(rebasing: available[count...])
            return Int32(count)
        }
        _ = BIO_meth_set_write(method) { bio, buffer, length in
            guard let transport = from(bio), let buffer, length >= 0 else { return -1 }
            cw_BIO_clear_retry_flags(bio)
            // Writes always complete, so SSL never reports SSL_ERROR_WANT_WRITE.
            transport.output.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: Int(length)))
            return length
        }
        _ = BIO_meth_set_ctrl(method) { bio, command, _, _ in
            switch command {
            case BIO_CTRL_FLUSH: 1  // SSL flushes after every flight and fails if this fails
            case BIO_CTRL_PENDING: from(bio).map { $0.input.count } ?? 0
            case BIO_CTRL_WPENDING: from(bio).map { $0.output.count } ?? 0
            default: 0
            }
        }
        return method
    }()
}
