import Care
import Testing

/// The visit as a fold of its log: the whole life cycle, replay and the log-integrity checks.
@Suite struct VisitTests {
    let annaInVisit = Fixtures.anna.clinician

    @Test func createdVisitWaitsInItsQueue() throws {
        let scenario = try Scenario()
        let visit = scenario.visit
        #expect(visit.id == Fixtures.visitID)
        #expect(visit.kind == .dropIn)
        #expect(visit.patient == Fixtures.pia.id)
        #expect(visit.careProvider == Fixtures.region)
        #expect(visit.resource == Fixtures.nurses)
        #expect(visit.contactReason == "Halsont")
        #expect(visit.text == "Ont i halsen sedan tre dagar.")
        #expect(visit.priority == 3)
        #expect(visit.arrivedAt == scenario.clock.now())
        #expect(visit.state == .waiting)
        #expect(visit.responsible == nil)
        #expect(visit.asyncInbox == nil)
        #expect(visit.lastSeq == 1)
        #expect(visit.nextDeadline == nil)
        #expect(visit.remainingDays(at: scenario.clock.now()) == nil)
    }

    @Test func fullLifeCycleFromQueueToClosed() throws {
        var s = try Scenario()
        let started = s.clock.now()

        s.clock.advance(minutes: 2)
        #expect(try s.run(.accept, by: .anna) == [s.event(2, .staff(Fixtures.anna.id), .accepted(by: annaInVisit))])
        #expect(s.visit.state == .accepted(by: Fixtures.anna.id))
        #expect(s.visit.responsible == annaInVisit)

        s.clock.advance(minutes: 1)
        #expect(
            try s.run(.start, by: .anna) == [
                s.event(3, .staff(Fixtures.anna.id), .started(by: annaInVisit)),
                s.event(
                    4, .staff(Fixtures.anna.id),
                    .message(
                        clientMessageID: nil,
                        text: "Hej! Jag heter Anna Berg och är sjuksköterska. Hur kan jag hjälpa dig?")),
            ])
        #expect(s.visit.state == .inProgress)

        s.clock.advance(seconds: 30)
        #expect(
            try s.run(.sendMessage(clientMessageID: "p-1", text: "Jag har ont i halsen."), by: .pia) == [
                s.event(5, .patient(Fixtures.pia.id), .message(clientMessageID: "p-1", text: "Jag har ont i halsen."))
            ])
        #expect(s.visit.lastPatientMessageAt == s.clock.now())
        #expect(s.visit.asyncInbox == nil)  // not in the async inbox while the visit is live

        s.clock.advance(seconds: 30)
        #expect(
            try s.run(.sendMessage(clientMessageID: "a-1", text: "Har du feber?"), by: .anna) == [
                s.event(6, .staff(Fixtures.anna.id), .message(clientMessageID: "a-1", text: "Har du feber?"))
            ])

        #expect(
            try s.run(.changePriority(to: 2), by: .anna) == [
                s.event(7, .staff(Fixtures.anna.id), .priorityChanged(from: 3, to: 2))
            ])
        #expect(s.visit.priority == 2)

        s.clock.advance(minutes: 10)
        let endedAt = s.clock.now()
        let phaseEnds = endedAt.adding(days: 7)
        #expect(
            try s.run(.end(asyncPhaseDays: 7, chargeForVisit: true), by: .anna) == [
                s.event(
                    8, .staff(Fixtures.anna.id),
                    .ended(asyncPhaseDays: 7, chargeForVisit: true, asyncPhaseEndsAt: phaseEnds))
            ])
        #expect(s.visit.state == .asyncPhase(until: phaseEnds))
        #expect(s.visit.endedAt == endedAt)
        #expect(s.visit.asyncPhaseDays == 7)
        #expect(s.visit.chargeForVisit == true)
        #expect(s.visit.asyncInbox == .noActionRequired)
        #expect(s.visit.nextDeadline == phaseEnds)
        #expect(s.visit.remainingDays(at: s.clock.now()) == 7)

        s.clock.advance(days: 1)
        #expect(
            try s.run(.sendMessage(clientMessageID: "p-2", text: "Nu har jag feber."), by: .pia) == [
                s.event(9, .patient(Fixtures.pia.id), .message(clientMessageID: "p-2", text: "Nu har jag feber."))
            ])
        #expect(s.visit.asyncInbox == .needsAction)
        #expect(s.visit.remainingDays(at: s.clock.now()) == 6)

        #expect(try s.run(.markDone, by: .anna) == [s.event(10, .staff(Fixtures.anna.id), .markedDone)])
        #expect(s.visit.asyncInbox == .noActionRequired)

        s.clock.advance(days: 1)
        try s.run(.sendMessage(clientMessageID: "p-3", text: "Tack!"), by: .pia)
        #expect(s.visit.asyncInbox == .needsAction)
        #expect(s.visit.lastSeq == 11)

        s.clock.advance(seconds: -1, days: 5)
        #expect(s.refusal(.expire, by: .system) == .conflict(.asyncPhaseNotOver))
        #expect(s.visit.remainingDays(at: s.clock.now()) == 1)

        s.clock.advance(seconds: 1)
        #expect(s.clock.now() == phaseEnds)
        #expect(s.visit.remainingDays(at: s.clock.now()) == 0)
        // The deadline has passed but the timer has not fired yet: already closed for writing.
        #expect(s.refusal(.sendMessage(clientMessageID: "p-4", text: "Hallå?"), by: .pia) == .conflict(.closed))

        #expect(try s.run(.expire, by: .system) == [s.event(12, .system, .closed(reason: .asyncPhaseExpired))])
        #expect(s.visit.state == .closed)
        #expect(s.visit.closedAt == phaseEnds)
        #expect(s.visit.closingReason == .asyncPhaseExpired)
        #expect(s.visit.asyncInbox == .ended)
        #expect(s.visit.nextDeadline == nil)
        #expect(s.visit.arrivedAt == started)

        // Read-only from now on.
        #expect(s.refusal(.sendMessage(clientMessageID: "p-5", text: "Hej"), by: .pia) == .conflict(.closed))
        #expect(s.refusal(.sendMessage(clientMessageID: "a-9", text: "Hej"), by: .anna) == .conflict(.closed))
        #expect(s.refusal(.markDone, by: .anna) == .conflict(.closed))
        #expect(s.refusal(.changePriority(to: 1), by: .anna) == .conflict(.closed))
        #expect(s.refusal(.end(asyncPhaseDays: 1, chargeForVisit: false), by: .anna) == .conflict(.closed))
        #expect(s.refusal(.expire, by: .system) == .conflict(.closed))
        #expect(s.refusal(.accept, by: .bertil) == .conflict(.closed))

        #expect(try Visit.replay(s.log) == s.visit)
        #expect(s.log.map(\.seq) == Array(1...12))
    }

    @Test func endingWithoutAsyncPhaseClosesAtOnce() throws {
        var s = try Scenario()
        try s.startedByAnna()
        let now = s.clock.now()
        #expect(
            try s.run(.end(asyncPhaseDays: 0, chargeForVisit: false), by: .anna) == [
                s.event(5, .staff(Fixtures.anna.id), .ended(asyncPhaseDays: 0, chargeForVisit: false, asyncPhaseEndsAt: now)),
                s.event(6, .staff(Fixtures.anna.id), .closed(reason: .endedWithoutAsyncPhase)),
            ])
        #expect(s.visit.state == .closed)
        #expect(s.visit.closingReason == .endedWithoutAsyncPhase)
        #expect(s.visit.chargeForVisit == false)
        #expect(s.visit.asyncInbox == .ended)
        #expect(s.refusal(.sendMessage(clientMessageID: "p", text: "Hej"), by: .pia) == .conflict(.closed))
    }

    @Test func replayEqualsIncrementalStateAtEveryStep() throws {
        var s = try Scenario()
        #expect(try Visit.replay(s.log) == s.visit)
        let steps: [(VisitCommand, Principal, Int64)] = [
            (.changePriority(to: 1), .bertil, 1), (.accept, .anna, 1), (.start, .anna, 1),
            (.sendMessage(clientMessageID: "x", text: "Hej"), .pia, 1),
            (.end(asyncPhaseDays: 3, chargeForVisit: false), .anna, 1),
            (.sendMessage(clientMessageID: "y", text: "En fråga till"), .pia, 60 * 24),
            (.markDone, .anna, 1),
        ]
        for (command, principal, minutes) in steps {
            s.clock.advance(minutes: minutes)
            try s.run(command, by: principal)
            #expect(try Visit.replay(s.log) == s.visit)
        }
        // Idempotency survives a replay: the resend still finds its original seq.
        let replayed = try Visit.replay(s.log)
        #expect(replayed.recordedSeq(of: "x", by: .patient(Fixtures.pia.id)) == 6)
    }

    @Test func replayRefusesDamagedLogs() throws {
        var s = try Scenario()
        try s.startedByAnna()
        let log = s.log
        #expect(throws: ReplayError.empty) { try Visit.replay([]) }
        #expect(throws: ReplayError.firstEventNotCreated) { try Visit.replay(log.dropFirst()) }
        #expect(throws: ReplayError.sequenceGap(expected: 2, found: 3)) { try Visit.replay([log[0], log[2]]) }
        #expect(throws: ReplayError.sequenceGap(expected: 3, found: 2)) { try Visit.replay([log[0], log[1], log[1]]) }

        var stranger = log[1]
        stranger.visit = "visit-2"
        #expect(throws: ReplayError.wrongVisit(expected: Fixtures.visitID, found: "visit-2")) {
            try Visit.replay([log[0], stranger])
        }
        var again = log[0]
        again.seq = 2
        #expect(throws: ReplayError.createdTwice(seq: 2)) { try Visit.replay([log[0], again]) }
        var late = log[0]
        late.seq = 5
        #expect(throws: ReplayError.sequenceGap(expected: 1, found: 5)) { try Visit(late) }
    }

    @Test func remainingDaysRoundUp() throws {
        var s = try Scenario()
        try s.endedByAnna(days: 2)
        #expect(s.visit.remainingDays(at: s.clock.now()) == 2)
        s.clock.advance(seconds: 1)
        #expect(s.visit.remainingDays(at: s.clock.now()) == 2)
        s.clock.advance(days: 1)
        #expect(s.visit.remainingDays(at: s.clock.now()) == 1)
        s.clock.advance(days: 5)
        #expect(s.visit.remainingDays(at: s.clock.now()) == 0)
    }
}
