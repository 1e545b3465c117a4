import Testing
import Tokens
@testable import LoadGenerator

/// The sans-I/O parts of the carewire scenarios: who is in which visit, the seq check, the
/// command budget, the tokens.
@Suite struct CarePlanTests {
    @Test func clinicLayoutHasAPatientANurseAndTheirOtherDevicesPerVisit() {
        let layout = CareLayout.clinic(connections: 10, roomSize: 4)
        #expect(layout.visitCount == 2 && layout.seats.count == 8)
        #expect(layout.creators == [0, 4] && layout.acceptors == [1, 5] && layout.openers == [[2, 3], [6, 7]])
        #expect(layout.seats[0].kind == .patient && layout.seats[2].kind == .patient && layout.seats[2].person == 0)
        #expect(layout.seats[1].kind == .nurse && layout.seats[3].kind == .nurse && layout.seats[7].person == 1)
        #expect(layout.receivers(of: 1) == [4, 5, 6, 7])
        #expect(layout.seats.allSatisfy { $0.visits.count == 1 })
    }

    @Test func stormLayoutSharesNursesOverVisits() {
        let layout = CareLayout.storm(patients: 10, visitsPerNurse: 4)
        #expect(layout.visitCount == 10 && layout.seats.count == 13)
        #expect(layout.creators == Array(0..<10))
        #expect(layout.acceptors == [10, 10, 10, 10, 11, 11, 11, 11, 12, 12])
        #expect(layout.seats[12].visits == [8, 9] && layout.seats[12].kind == .nurse)
        #expect(layout.receivers(of: 9) == [9, 12])
    }

    @Test func threadsGetWholeVisitsRoundRobin() {
        let clinic = CareLayout.clinic(connections: 12, roomSize: 4)
        #expect(clinic.visits(ofThread: 0, threads: 2) == [0, 2] && clinic.visits(ofThread: 1, threads: 2) == [1])
        #expect(clinic.seats(ofThread: 1, threads: 2) == [4, 5, 6, 7])
        // A nurse's visits stay on the nurse's thread.
        let storm = CareLayout.storm(patients: 10, visitsPerNurse: 4)
        #expect(storm.visits(ofThread: 0, threads: 2) == [0, 1, 2, 3, 8, 9] && storm.visits(ofThread: 1, threads: 2) == [4, 5, 6, 7])
        #expect(storm.seats(ofThread: 1, threads: 2) == [4, 5, 6, 7, 11])
        for layout in [clinic, storm] {
            let shares = (0..<3).map { layout.seats(ofThread: $0, threads: 3) }
            #expect(shares.flatMap { $0 }.sorted() == Array(layout.seats.indices))
        }
    }

    @Test func queueDealsEachKindRoundRobin() {
        let queue = QueueLayout(watchers: 5, acceptors: 2, rate: 20, seconds: 5)
        #expect(queue.patients == 4 && queue.seatCount == 11 && queue.seat(ofPatient: 1) == 8)
        #expect(queue.seats(ofThread: 0, threads: 2) == [0, 2, 4, 5, 7, 9])
        #expect(queue.seats(ofThread: 1, threads: 2) == [1, 3, 6, 8, 10])
        #expect(queue.patients(ofThread: 1, threads: 2) == [1, 3])
    }

    @Test func seqTrackerFindsGapsAndDuplicates() {
        var tracker = SeqTracker(last: 4)
        #expect(tracker.observe(5) == .next)
        #expect(tracker.observe(5) == .duplicate)
        #expect(tracker.observe(3) == .duplicate)
        #expect(tracker.observe(8) == .gap(missing: 2))
        #expect(tracker.observe(9) == .next && tracker.last == 9)
    }

    @Test func budgetAllowsTheBurstThenTheRate() {
        var budget = CommandBudget(perSecond: 10, burst: 3)
        let t0: UInt64 = 1_000_000_000
        // (offset from t0 in ms, whether a token is there)
        let steps: [(UInt64, Bool)] = [
            (0, true), (0, true), (0, true), (0, false),
            (50, false),  // half a token
            (100, true), (100, false),
            (10_000, true), (10_000, true), (10_000, true), (10_000, false),  // refilled to the burst only
            (0, false),  // a clock that goes back earns nothing
        ]
        var taken: [Bool] = []
        for (offset, _) in steps { taken.append(budget.take(now: t0 + offset * 1_000_000)) }
        #expect(taken == steps.map(\.1))
    }

    @Test func tokensVerifyWithTheServersSecretAndCarryTheIntake() throws {
        let tokens = CareTokens(secret: CareTokens.demoSecret, runPrefix: "lgtest")
        let issuer = TokenIssuer(secret: Array(CareTokens.demoSecret.utf8))
        let nurse = try issuer.verify(tokens.staff(3), now: Int64(time(nil)))
        #expect(nurse.sub == "lgtest-n3" && nurse.kind == .staff && nurse.provider == "norrsken")
        #expect(nurse.units == ["vc-bjorkdalen"] && nurse.role == "nurse")
        let patient = try issuer.verify(tokens.patient(3), now: Int64(time(nil)))
        #expect(patient.sub == "lgtest-p3" && patient.kind == .patient && patient.pin != nil)
        #expect(throws: TokenError.self) { try TokenIssuer(secret: Array("another secret, 16+ bytes".utf8)).verify(tokens.patient(1), now: 0) }
    }
}

#if canImport(Glibc)
import Glibc
#endif
