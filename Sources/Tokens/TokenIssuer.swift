import FoundationEssentials

/// Issues and verifies CareWire access tokens (HS256 JWTs) with one server secret.
public struct TokenIssuer: Sendable {
    private let signer: HS256

    public init(secret: [UInt8]) {
        signer = HS256(secret: secret)
    }

    public func issue(_ claims: TokenClaims) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Encoding a struct of strings and integers cannot fail.
        let json = try! encoder.encode(claims)
        return signer.sign(claimsJSON: Array(json))
    }

    /// The claims of a valid, unexpired token; `now` in seconds since 1970.
    public func verify(_ token: some StringProtocol, now: Int64) throws(TokenError) -> TokenClaims {
        let json = try signer.verify(token)
        let claims: TokenClaims
        do {
            claims = try JSONDecoder().decode(TokenClaims.self, from: Data(json))
        } catch {
            throw .malformed
        }
        try claims.validate(now: now)
        return claims
    }
}
