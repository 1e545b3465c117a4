import Care
import Testing

@Suite struct CareErrorTests {
    @Test func stableWireCodesAndReasons() {
        #expect(CareError.notFound.code == "not_found" && CareError.notFound.reason == nil)
        #expect(CareError.forbidden.code == "forbidden")
        #expect(CareError.rateLimited.code == "rate_limited")
        #expect(CareError.conflict(.alreadyAccepted).code == "conflict")
        #expect(CareError.conflict(.alreadyAccepted).reason == "already_accepted")
        #expect(CareError.conflict(.closed).reason == "closed")
        #expect(CareError.invalid(.missingChargeDecision).code == "invalid")
        #expect(CareError.invalid(.missingChargeDecision).reason == "missing_charge_decision")
    }
}
