import COpenSSL

/// An SSL_CTX: identity, versions and options shared by every session of one role.
// @unchecked: immutable once init returns. OpenSSL locks SSL_CTX internally for SSL_new and
// reference counting, nothing here mutates it after init, and the ALPN buffer is written in
// init and afterwards only read by the select callback.
public final class TLSContext: @unchecked Sendable {
    let raw: OpaquePointer
    let isServer: Bool
    /// Server ALPN list in wire format; OpenSSL keeps pointers into it during a handshake.
    private let alpnWire: UnsafeMutableBufferPointer<UInt8>

    /// A server context: loads the PEM chain and key, checks they match, TLS 1.2 minimum,
    /// no compression, no renegotiation, buffers released while idle, no server-side
    /// session cache (resumption uses stateless tickets, so 10k sessions cost no cache memory).
    public init(server configuration: TLSConfiguration) throws(TLSError) {
        ERR_clear_error()
        guard configuration.minimumVersion >= .tls1_2 else {
            throw TLSError(.configuration, "a server minimum version below TLS 1.2 is not allowed")
        }
        let wire = try Self.wireFormat(configuration.alpn)
        guard let ctx = SSL_CTX_new(TLS_server_method()) else {
            throw .drainingQueue(.configuration, "SSL_CTX_new failed")
        }
        do throws(TLSError) {
            try Self.applyPolicy(ctx, minimum: configuration.minimumVersion, maximum: nil)
            _ = SSL_CTX_set_options(ctx, cw_SSL_OP_CIPHER_SERVER_PREFERENCE)
            _ = cw_SSL_CTX_set_session_cache_mode(ctx, Int(SSL_SESS_CACHE_OFF))
            try Self.loadIdentity(ctx, configuration)
        } catch {
            SSL_CTX_free(ctx)
            throw error
        }
        raw = ctx
        isServer = true
        alpnWire = .allocate(capacity: wire.count)
        _ = alpnWire.initialize(fromContentsOf: wire)
        if !wire.isEmpty {
            SSL_CTX_set_alpn_select_cb(ctx, { _, out, outLength, offered, offeredLength, arg in
                guard let out, let outLength, let offered, let arg else { return SSL_TLSEXT_ERR_NOACK }
                let context = Unmanaged<TLSContext>.fromOpaque(arg).takeUnretainedValue()
                var selected: UnsafeMutablePointer<UInt8>?
                let result = SSL_select_next_proto(
                    &selected, outLength, context.alpnWire.baseAddress, UInt32(context.alpnWire.count),
                    offered, offeredLength)
                guard result == OPENSSL_NPN_NEGOTIATED, let selected else { return SSL_TLSEXT_ERR_NOACK }
                out.pointee = UnsafePointer(selected)
                return SSL_TLSEXT_ERR_OK
            }, Unmanaged.passUnretained(self).toOpaque())
        }
    }

    /// A client context, for tests and the load generator. Without `trustedCertificatePath`
    /// a verifying client trusts the system store.
    public init(
        client: (verifyPeer: Bool, trustedCertificatePath: String?),
        alpn: [String] = [],
        minimumVersion: TLSVersion = .tls1_2,
        maximumVersion: TLSVersion? = nil
    ) throws(TLSError) {
        ERR_clear_error()
        let wire = try Self.wireFormat(alpn)
        guard let ctx = SSL_CTX_new(TLS_client_method()) else {
            throw .drainingQueue(.configuration, "SSL_CTX_new failed")
        }
        do throws(TLSError) {
            try Self.applyPolicy(ctx, minimum: minimumVersion, maximum: maximumVersion)
            if client.verifyPeer {
                SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nil)
                if let path = client.trustedCertificatePath {
                    guard SSL_CTX_load_verify_locations(ctx, path, nil) == 1 else {
                        throw .drainingQueue(.configuration, "cannot load trusted certificates from \(path)")
                    }
                } else if SSL_CTX_set_default_verify_paths(ctx) != 1 {
                    throw .drainingQueue(.configuration, "cannot load the system trust store")
                }
            }
            // Unlike most of OpenSSL, this one returns 0 on success.
            if !wire.isEmpty, SSL_CTX_set_alpn_protos(ctx, wire, UInt32(wire.count)) != 0 {
                throw .drainingQueue(.configuration, "cannot set ALPN protocols")
            }
        } catch {
            SSL_CTX_free(ctx)
            throw error
        }
        raw = ctx
        isServer = false
        alpnWire = .allocate(capacity: 0)
    }

    deinit {
        SSL_CTX_free(raw)
        alpnWire.deallocate()
    }

    private static func applyPolicy(
        _ ctx: OpaquePointer, minimum: TLSVersion, maximum: TLSVersion?
    ) throws(TLSError) {
        guard cw_SSL_CTX_set_min_proto_version(ctx, minimum.openSSLValue) == 1,
              cw_SSL_CTX_set_max_proto_version(ctx, maximum?.openSSLValue ?? 0) == 1
        else {
            throw .drainingQueue(.configuration, "cannot set the protocol version range")
        }
        // Idle sessions give their 16 KiB+ record buffers back: memory per idle connection matters.
        _ = cw_SSL_CTX_set_mode(ctx, Int(SSL_MODE_RELEASE_BUFFERS))
        _ = SSL_CTX_set_options(ctx, cw_SSL_OP_NO_COMPRESSION | cw_SSL_OP_NO_RENEGOTIATION)
    }

    private static func loadIdentity(_ ctx: OpaquePointer, _ configuration: TLSConfiguration) throws(TLSError) {
        let chainPath = configuration.certificateChainPath
        let keyPath = configuration.privateKeyPath
        guard SSL_CTX_use_certificate_chain_file(ctx, chainPath) == 1 else {
            throw .drainingQueue(.configuration, "cannot load the certificate chain from \(chainPath)")
        }
        guard let file = BIO_new_file(keyPath, "r") else {
            throw .drainingQueue(.configuration, "cannot open the private key \(keyPath)")
        }
        defer { _ = BIO_free(file) }
        // The callback refuses passphrases: a server must never prompt on a terminal.
        guard let key = PEM_read_bio_PrivateKey(file, nil, { _, _, _, _ in 0 }, nil) else {
            throw .drainingQueue(.configuration, "cannot read the private key \(keyPath) (unencrypted PEM expected)")
        }
        defer { EVP_PKEY_free(key) }
        // Compared up front so a mismatch reads as one, whatever the key types.
        guard let leaf = SSL_CTX_get0_certificate(ctx), EVP_PKEY_eq(X509_get0_pubkey(leaf), key) == 1 else {
            throw .drainingQueue(
                .configuration, "the private key \(keyPath) does not match the certificate in \(chainPath)")
        }
        guard SSL_CTX_use_PrivateKey(ctx, key) == 1, SSL_CTX_check_private_key(ctx) == 1 else {
            throw .drainingQueue(.configuration, "cannot use the private key \(keyPath)")
        }
    }

    /// ALPN's wire format: each protocol name prefixed by its one-byte length.
    private static func wireFormat(_ protocols: [String]) throws(TLSError) -> [UInt8] {
        var wire: [UInt8] = []
        for name in protocols {
            let bytes = Array(name.utf8)
            guard (1...255).contains(bytes.count) else {
                throw TLSError(.configuration, "ALPN protocol names must be 1 to 255 bytes: \"\(name)\"")
            }
            wire.append(UInt8(bytes.count))
            wire.append(contentsOf: bytes)
        }
        return wire
    }
}
