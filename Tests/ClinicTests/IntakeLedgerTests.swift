import Care
import Testing
@testable import Clinic

/// Per-patient intake: creations in flight count against the open-visit cap, the hour window slides.
@Suite struct IntakeLedgerTests {
    var limits: SessionLimits {
        var limits = SessionLimits()
        limits.openVisitsPerPatient = 2
        limits.visitsPerPatientPerHour = 3
        return limits
    }

    @Test func inFlightCreationsCountAgainstTheOpenCap() {
        let ledger = IntakeLedger()
        #expect(ledger.reserve("p", open: [], now: 0, limits: limits) == .admitted)
        #expect(ledger.reserve("p", open: [], now: 1, limits: limits) == .admitted)
        #expect(ledger.reserve("p", open: [], now: 2, limits: limits) == .tooManyOpen(open: nil))
        // Committed: the store now counts one, the ledger no longer does.
        ledger.release("p")
        #expect(ledger.reserve("p", open: ["v-1"], now: 3, limits: limits) == .tooManyOpen(open: "v-1"))
        #expect(ledger.reserve("q", open: [], now: 3, limits: limits) == .admitted)  // another patient
    }

    @Test func creationsPerHourSlide() {
        let ledger = IntakeLedger()
        for t in 0..<3 {
            #expect(ledger.reserve("p", open: [], now: Int64(t), limits: limits) == .admitted)
            ledger.release("p")
        }
        #expect(ledger.reserve("p", open: [], now: 10, limits: limits) == .tooManyThisHour)
        #expect(ledger.reserve("p", open: [], now: IntakeLedger.hourMilliseconds, limits: limits) == .admitted)
        // A clock that stepped back does not count future creations against the hour.
        #expect(ledger.reserve("r", open: [], now: 5_000_000, limits: limits) == .admitted)
        ledger.release("r")
        #expect(ledger.reserve("r", open: [], now: 0, limits: limits) == .admitted)
    }

    @Test func theStoresArrivalsSeedAPatientTheLedgerHoldsNothingOf() {
        let ledger = IntakeLedger()
        var asked = 0
        let stored: () -> [Int64] = { asked += 1; return [IntakeLedger.hourMilliseconds + 10, 20, IntakeLedger.hourMilliseconds + 5] }
        let now = IntakeLedger.hourMilliseconds + 100
        // Two arrivals within the hour (the one at 20 ms is older): one more of three, then the limit.
        #expect(ledger.reserve("p", open: [], now: now, limits: limits, arrivals: stored) == .admitted)
        ledger.release("p")
        #expect(ledger.reserve("p", open: [], now: now + 1, limits: limits, arrivals: stored) == .tooManyThisHour)
        #expect(asked == 1)  // the store is asked only while the ledger holds nothing of the patient
        // An hour after the newest, the store's arrivals are all old: admitted again.
        let later = IntakeLedger()
        #expect(later.reserve("p", open: [], now: 3 * IntakeLedger.hourMilliseconds, limits: limits, arrivals: stored) == .admitted)
    }
}
