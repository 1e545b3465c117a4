import Testing
@testable import Tokens

/// Token times at the extremes are refused, never computed with (they used to trap in `exp + leeway`).
@Suite struct TokenClaimsRangeTests {
    static let now: Int64 = 1_800_000_000

    static func claims(exp: Int64 = now + 3600, iat: Int64? = now, nbf: Int64? = nil) -> TokenClaims {
        TokenClaims(sub: "p", kind: .patient, name: "P", pin: "19121212-1212", exp: exp, iat: iat, nbf: nbf)
    }

    @Test func inRangeTimesAreAccepted() throws {
        try Self.claims().validate(now: Self.now)
        try Self.claims(exp: TokenClaims.latestTimestamp, iat: 0, nbf: Self.now).validate(now: Self.now)
    }

    @Test(arguments: [Int64.min, -1, TokenClaims.latestTimestamp + 1, Int64.max / 1000, Int64.max - 29, Int64.max])
    func expOutOfRangeIsRefused(_ exp: Int64) {
        #expect(throws: TokenError.claimOutOfRange("exp")) { try Self.claims(exp: exp).validate(now: Self.now) }
    }

    @Test(arguments: [Int64.min, -1, TokenClaims.latestTimestamp + 1, Int64.max])
    func iatAndNbfOutOfRangeAreRefused(_ value: Int64) {
        #expect(throws: TokenError.claimOutOfRange("iat")) { try Self.claims(iat: value).validate(now: Self.now) }
        #expect(throws: TokenError.claimOutOfRange("nbf")) { try Self.claims(nbf: value).validate(now: Self.now) }
    }

    @Test func extremeClocksAndLeewaysNeverTrap() throws {
        #expect(throws: TokenError.expired) { try Self.claims().validate(now: Int64.max) }
        try Self.claims().validate(now: Int64.min)
        try Self.claims().validate(now: Self.now, leeway: Int64.max)
        try Self.claims().validate(now: Self.now, leeway: Int64.min)
    }
}
