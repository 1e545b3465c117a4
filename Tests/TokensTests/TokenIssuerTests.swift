import Testing
@testable import Tokens

@Suite struct TokenIssuerTests {
    let issuer = TokenIssuer(secret: Array("development-secret-development-secret".utf8))
    let now: Int64 = 1_800_000_000

    var nurse: TokenClaims {
        TokenClaims(sub: "staff-anna", kind: .staff, name: "Anna Berg", provider: "norrsken",
                    units: ["vc-bjorkdalen"], role: "nurse", rights: [], exp: now + 3600, iat: now)
    }

    @Test func staffClaimsRoundTrip() throws {
        let token = issuer.issue(nurse)
        #expect(try issuer.verify(token, now: now) == nurse)
    }

    @Test func expiryIsEnforcedWithAShortLeeway() throws {
        let token = issuer.issue(nurse)
        #expect(try issuer.verify(token, now: now + 3600 + 29).sub == "staff-anna")
        #expect(throws: TokenError.expired) { try issuer.verify(token, now: now + 3600 + 30) }
    }

    @Test func notBeforeIsEnforced() {
        var claims = nurse
        claims.nbf = now + 600
        #expect(throws: TokenError.notYetValid) { try issuer.verify(issuer.issue(claims), now: now) }
    }

    @Test func patientsNeedAPersonalIdentityNumberAndStaffTheirUnits() {
        let patient = TokenClaims(sub: "patient-1", kind: .patient, name: "Eva Ek", exp: now + 60)
        #expect(throws: TokenError.missingClaim("pin")) { try issuer.verify(issuer.issue(patient), now: now) }
        var staff = nurse
        staff.units = []
        #expect(throws: TokenError.missingClaim("units")) { try issuer.verify(issuer.issue(staff), now: now) }
    }

    @Test func claimsThatAreNotJSONOfTheRightShapeAreMalformed() {
        let signer = HS256(secret: Array("development-secret-development-secret".utf8))
        let token = signer.sign(claimsJSON: Array(#"{"sub":1}"#.utf8))
        #expect(throws: TokenError.malformed) { try issuer.verify(token, now: now) }
    }
}
