import Care
import Service
import Testing
@testable import Clinic

/// A `visit.create` in flight: counted by the intake ledger until the desk answers, whatever the
/// connection does meanwhile; its creator follows the new visit only if still connected.
@Suite struct CreationsTests {
    var limits: SessionLimits {
        var limits = SessionLimits()
        limits.openVisitsPerPatient = 1
        limits.visitsPerPatientPerHour = 10
        return limits
    }

    static let anna = Principal.patient(Patient(id: "p", displayName: "Anna", personalIdentityNumber: "19900101-1234"))
    static let key = Creations.Key(subscriber: Subscriber(3), commandID: "c-1")

    @Test func anAckedCreationIsFollowedByItsCreatorAndNoLongerCountedInFlight() {
        let ledger = IntakeLedger()
        let creations = Creations(intake: ledger)
        #expect(ledger.reserve("p", open: [], now: 0, limits: limits) == .admitted)
        creations.begin(Self.key, by: Self.anna, patient: "p")
        #expect(ledger.reserve("p", open: [], now: 1, limits: limits) == .tooManyOpen(open: nil))  // still in flight
        #expect(creations.answered(Self.key, created: true) == Self.anna)
        #expect(ledger.reserve("p", open: [], now: 2, limits: limits) == .admitted)  // the store counts it now
        #expect(creations.answered(Self.key, created: true) == nil)  // answered once
    }

    @Test func aRefusedCreationIsNotFollowed() {
        let ledger = IntakeLedger()
        let creations = Creations(intake: ledger)
        _ = ledger.reserve("p", open: [], now: 0, limits: limits)
        creations.begin(Self.key, by: Self.anna, patient: "p")
        #expect(creations.answered(Self.key, created: false) == nil)
        #expect(ledger.reserve("p", open: [], now: 1, limits: limits) == .admitted)
    }

    @Test func aDisconnectStopsTheFollowButNotTheCountUntilTheDeskAnswers() {
        let ledger = IntakeLedger()
        let creations = Creations(intake: ledger)
        _ = ledger.reserve("p", open: [], now: 0, limits: limits)
        creations.begin(Self.key, by: Self.anna, patient: "p")
        creations.disconnected(Subscriber(3))
        #expect(ledger.reserve("p", open: [], now: 1, limits: limits) == .tooManyOpen(open: nil))
        #expect(creations.answered(Self.key, created: true) == nil)
        #expect(ledger.reserve("p", open: [], now: 2, limits: limits) == .admitted)
    }
}
