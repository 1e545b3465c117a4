import COpenSSL

/// One TLS connection as a pure state machine: ciphertext in, plaintext out, and the reverse.
/// It never touches a socket; its event loop moves the bytes and calls in from one thread.
public final class TLSSession {
    /// Cap on plaintext queued by `send` before the handshake completes.
    public static let maximumQueuedPlaintext = 256 * 1024

    /// Kept so the SSL_CTX (and the ALPN buffer its callback reads) outlives the SSL.
    public let context: TLSContext
    private let ssl: OpaquePointer
    private let transport: MemoryTransport
    private var queuedPlaintext: [UInt8] = []
    private var failure: TLSError?
    private var closeRequested = false

    public private(set) var isHandshakeComplete = false
    /// The peer sent close_notify; nothing more will be received.
    public private(set) var peerClosed = false

    /// The role follows the context. For a client, `serverName` is sent as SNI and, if the
    /// context verifies peers, checked against the certificate (an IP literal is checked as one);
    /// the ClientHello is ready in `takeCiphertext()` when this returns.
    public init(context: TLSContext, serverName: String? = nil) throws(TLSError) {
        ERR_clear_error()
        guard let ssl = SSL_new(context.raw) else {
            throw .drainingQueue(.configuration, "SSL_new failed")
        }
        let transport = MemoryTransport()
        let bio: OpaquePointer
        do {
            bio = try transport.makeBIO()
        } catch {
            SSL_free(ssl)
            throw error
        }
        SSL_set_bio(ssl, bio, bio)  // one reference, owned by the SSL from here on
        self.context = context
        self.ssl = ssl
        self.transport = transport

        if context.isServer {
            SSL_set_accept_state(ssl)
            return
        }
        SSL_set_connect_state(ssl)
        if let serverName, !serverName.isEmpty {
            if X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), serverName) != 1 {
                ERR_clear_error()  // not an IP literal: a host name
                guard cw_SSL_set_tlsext_host_name(ssl, serverName) == 1, SSL_set1_host(ssl, serverName) == 1 else {
                    throw .drainingQueue(.configuration, "invalid server name \(serverName)")
                }
            }
        }
        _ = try advanceHandshake()
    }

    deinit {
        SSL_free(ssl)  // before `transport` is released: the BIO points at it
    }

    /// Ciphertext received from the socket. Returns decrypted application bytes (possibly empty
    /// while the handshake runs). Throws on a fatal TLS error; the caller closes the socket after
    /// writing `takeCiphertext()`, which may hold an alert. Bytes after close_notify are ignored.
    /// Even a successful call may queue ciphertext (handshake flights, TLS 1.3 key-update
    /// replies), so check `hasCiphertext` after every call.
    public func receive(_ ciphertext: UnsafeRawBufferPointer) throws(TLSError) -> [UInt8] {
        if let failure { throw failure }
        ERR_clear_error()
        transport.input = ciphertext
        defer { transport.input = UnsafeRawBufferPointer(start: nil, count: 0) }
        if !isHandshakeComplete, try !advanceHandshake() { return [] }
        return try readAvailable()
    }

    /// Encrypts application bytes, or queues them (up to `maximumQueuedPlaintext`) until the
    /// handshake completes. Throws `.closed` after `close()`; an over-cap send queues nothing.
    public func send(_ plaintext: UnsafeRawBufferPointer) throws(TLSError) {
        if let failure { throw failure }
        guard !closeRequested else { throw TLSError(.closed, "send after close()") }
        guard !plaintext.isEmpty else { return }
        guard isHandshakeComplete else {
            guard queuedPlaintext.count + plaintext.count <= Self.maximumQueuedPlaintext else {
                throw TLSError(
                    .bufferLimitExceeded,
                    "more than \(Self.maximumQueuedPlaintext) bytes queued before the handshake completed")
            }
            queuedPlaintext.append(contentsOf: plaintext)
            return
        }
        ERR_clear_error()
        try write(plaintext)
    }

    /// Ciphertext to write to the socket (handshake records, application records, alerts).
    /// Hands over the buffer without copying.
    public func takeCiphertext() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &transport.output)
        return taken
    }

    public var hasCiphertext: Bool { !transport.output.isEmpty }

    /// Queues close_notify; sending is over. Before the handshake completes it is deferred until
    /// the queued plaintext has gone out. Does nothing after a fatal error.
    public func close() {
        guard failure == nil, !closeRequested else { return }
        closeRequested = true
        if isHandshakeComplete { shutdown() }
    }

    /// The ALPN protocol agreed on, if any.
    public var negotiatedALPN: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// The protocol version in use once the handshake is complete.
    public var negotiatedVersion: TLSVersion? {
        guard isHandshakeComplete else { return nil }
        switch SSL_version(ssl) {
        case TLS1_3_VERSION: return .tls1_3
        case TLS1_2_VERSION: return .tls1_2
        case TLS1_1_VERSION: return .tls1_1
        default: return nil
        }
    }

    /// Runs the handshake as far as the received bytes allow; true once it is complete.
    private func advanceHandshake() throws(TLSError) -> Bool {
        let result = SSL_do_handshake(ssl)
        guard result == 1 else {
            let code = SSL_get_error(ssl, result)
            if code == SSL_ERROR_WANT_READ { return false }
            throw fail(.handshake, code, "TLS handshake failed")
        }
        isHandshakeComplete = true
        if !queuedPlaintext.isEmpty {
            let queued = queuedPlaintext
            queuedPlaintext = []  // releases the buffer too
            // Array.withUnsafeBytes only rethrows `any Error`; carry the typed error out instead.
            let error: TLSError? = queued.withUnsafeBytes { bytes in
                do throws(TLSError) { try write(bytes) } catch { return error }
                return nil
            }
            if let error { throw error }
        }
        if closeRequested { shutdown() }
        return true
    }

    /// Decrypts every complete record received, so no plaintext is stranded inside SSL.
    private func readAvailable() throws(TLSError) -> [UInt8] {
        var plaintext: [UInt8] = []
        while true {
            // Peeking one byte decrypts the next record; SSL_pending then gives its exact size,
            // so plaintext goes straight into the result with no scratch buffer per session.
            var probe: UInt8 = 0
            let peeked = SSL_peek(ssl, &probe, 1)
            guard peeked > 0 else {
                let code = SSL_get_error(ssl, peeked)
                switch code {
                case SSL_ERROR_WANT_READ:
                    return plaintext
                case SSL_ERROR_ZERO_RETURN:
                    peerClosed = true
                    return plaintext
                default:
                    throw fail(.protocolViolation, code, "cannot read TLS records")
                }
            }
            let count = max(Int(SSL_pending(ssl)), 1)
            if plaintext.isEmpty { plaintext.reserveCapacity(count + transport.input.count) }
            let start = plaintext.count
            plaintext.append(contentsOf: repeatElement(0, count: count))
            let read = plaintext.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress! + start, Int32(count)) }
            guard read > 0 else { throw fail(.protocolViolation, SSL_get_error(ssl, read), "cannot read TLS records") }
            if Int(read) < count { plaintext.removeLast(count - Int(read)) }
        }
    }

    private func write(_ plaintext: UnsafeRawBufferPointer) throws(TLSError) {
        var rest = plaintext
        while let base = rest.baseAddress, !rest.isEmpty {
            let result = SSL_write(ssl, base, Int32(min(rest.count, 1 << 30)))
            guard result > 0 else { throw fail(.protocolViolation, SSL_get_error(ssl, result), "cannot encrypt") }
            rest = UnsafeRawBufferPointer(rebasing: rest[Int(result)...])
        }
    }

    private func shutdown() {
        ERR_clear_error()
        _ = SSL_shutdown(ssl)  // 0: close_notify queued; 1: the peer's had arrived already
        ERR_clear_error()
    }

    /// Records a fatal error with OpenSSL's explanation; the session stays failed.
    private func fail(_ kind: TLSError.Kind, _ code: Int32, _ message: String) -> TLSError {
        var errors = TLSError.drainErrorQueue()
        let verification = SSL_get_verify_result(ssl)
        if verification != X509_V_OK {
            errors.append("certificate verification: " + String(cString: X509_verify_cert_error_string(verification)))
        }
        if errors.isEmpty { errors.append("SSL_get_error \(code)") }
        let error = TLSError(kind, message, openSSLErrors: errors)
        failure = error
        return error
    }
}

@available(*, unavailable)
extension TLSSession: Sendable {}
