import COpenSSL

/// JSON Web Tokens signed with HMAC-SHA-256 (RFC 7519, RFC 7515 §3.3). Only HS256 is accepted:
/// the header's `alg` is checked before the signature, so "none" or RS/HS confusion is impossible.
public struct HS256: Sendable {
    private let secret: [UInt8]
    private static let header = Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))

    /// The secret should be at least 32 random bytes (RFC 7518 §3.2).
    public init(secret: [UInt8]) {
        precondition(!secret.isEmpty, "an empty HMAC secret signs nothing")
        self.secret = secret
    }

    /// A compact token for a JSON claims object (the caller encodes the claims).
    public func sign(claimsJSON: [UInt8]) -> String {
        let signingInput = Self.header + "." + Base64URL.encode(claimsJSON)
        return signingInput + "." + Base64URL.encode(mac(Array(signingInput.utf8)))
    }

    /// The claims JSON of a token whose header and signature are valid. Time claims are
    /// checked by `TokenClaims`, which knows the clock.
    public func verify(_ token: some StringProtocol) throws(TokenError) -> [UInt8] {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, token.utf8.count <= 8192 else { throw .malformed }
        guard let headerJSON = Base64URL.decode(parts[0]) else { throw .malformed }
        let header = String(decoding: headerJSON, as: UTF8.self)
        // A tiny fixed-shape check instead of a JSON parser: alg must be exactly HS256.
        let compact = header.filter { !$0.isWhitespace }
        guard compact.contains(#""alg":"HS256""#) else { throw .unsupportedAlgorithm }
        guard let signature = Base64URL.decode(parts[2]), let claims = Base64URL.decode(parts[1]) else { throw .malformed }
        let expected = mac(Array((parts[0] + "." + parts[1]).utf8))
        guard signature.count == expected.count,
              CRYPTO_memcmp(signature, expected, expected.count) == 0 else { throw .badSignature }
        return claims
    }

    private func mac(_ input: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let result = secret.withUnsafeBytes { key in
            input.withUnsafeBytes { data in
                HMAC(EVP_sha256(), key.baseAddress, Int32(key.count), data.baseAddress, data.count, &out, &length)
            }
        }
        precondition(result != nil && length == 32, "HMAC-SHA-256 failed")
        return out
    }
}
