import Testing
@testable import Tokens

@Suite struct HS256Tests {
    /// RFC 7515 appendix A.1: the HS256 example, key and token byte for byte.
    static let rfcKey = Base64URL.decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow")!
    static let rfcToken = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
        + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
        + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

    @Test func verifiesTheRFC7515Example() throws {
        let claims = try HS256(secret: Self.rfcKey).verify(Self.rfcToken)
        #expect(String(decoding: claims, as: UTF8.self).hasPrefix("{\"iss\":\"joe\""))
    }

    @Test func signThenVerifyRoundTrips() throws {
        let signer = HS256(secret: Array("a-very-long-development-secret-0123456789".utf8))
        let token = signer.sign(claimsJSON: Array(#"{"sub":"p1"}"#.utf8))
        #expect(try signer.verify(token) == Array(#"{"sub":"p1"}"#.utf8))
    }

    @Test func aChangedPayloadOrAnotherSecretFailsTheSignature() {
        let signer = HS256(secret: Array("secret-one-secret-one-secret-one".utf8))
        let token = signer.sign(claimsJSON: Array(#"{"sub":"p1"}"#.utf8))
        let parts = token.split(separator: ".")
        let forged = parts[0] + "." + Base64URL.encode(Array(#"{"sub":"p2"}"#.utf8)) + "." + parts[2]
        #expect(throws: TokenError.badSignature) { try signer.verify(forged) }
        #expect(throws: TokenError.badSignature) { try HS256(secret: Array("other".utf8)).verify(token) }
    }

    @Test func algorithmNoneAndOtherAlgorithmsAreRefused() {
        let signer = HS256(secret: Array("secret".utf8))
        let none = Base64URL.encode(Array(#"{"alg":"none"}"#.utf8)) + "." + Base64URL.encode(Array("{}".utf8)) + "."
        #expect(throws: TokenError.unsupportedAlgorithm) { try signer.verify(none) }
        let rs = Base64URL.encode(Array(#"{"alg":"RS256"}"#.utf8)) + ".e30.c2ln"
        #expect(throws: TokenError.unsupportedAlgorithm) { try signer.verify(rs) }
    }

    @Test(arguments: ["", "a.b", "a.b.c.d", "!!.e30.x", String(repeating: "a", count: 9000) + ".e30.x"])
    func malformedTokensAreRefused(token: String) {
        #expect(throws: TokenError.self) { try HS256(secret: [1]).verify(token) }
    }

    @Test func base64urlRoundTripsEveryLengthAndRejectsNonCanonicalText() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(($0 * 37 + 11) % 256) }
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
        #expect(Base64URL.decode("QQ") == [0x41])
        #expect(Base64URL.decode("QR") == nil)   // trailing bits set
        #expect(Base64URL.decode("QQ==") == nil) // padding is not base64url in JWTs
        #expect(Base64URL.decode("Q") == nil)
    }
}
