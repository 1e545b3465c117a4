/// What a server context needs: a PEM certificate chain, its PEM private key and protocol policy.
public struct TLSConfiguration: Sendable {
    /// Leaf certificate first, then intermediates (PEM).
    public var certificateChainPath: String
    /// Unencrypted PEM private key matching the leaf certificate.
    public var privateKeyPath: String
    /// Lowest accepted version; anything below TLS 1.2 is rejected at context creation.
    public var minimumVersion: TLSVersion
    /// ALPN protocols the server accepts, in its order of preference; empty disables ALPN.
    public var alpn: [String]

    public init(
        certificateChainPath: String,
        privateKeyPath: String,
        minimumVersion: TLSVersion = .tls1_2,
        alpn: [String] = ["http/1.1"]
    ) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
        self.minimumVersion = minimumVersion
        self.alpn = alpn
    }
}
