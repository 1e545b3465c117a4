import Care
import Testing

/// Every refused transition, and the order in which refusals are decided:
/// notFound → duplicate → forbidden → invalid → conflict.
@Suite struct VisitDecideTests {
    static let allCommands: [VisitCommand] = [
        .accept, .start, .sendMessage(clientMessageID: "m", text: "Hej"), .changePriority(to: 2),
        .end(asyncPhaseDays: 7, chargeForVisit: true), .markDone, .expire,
    ]

    // MARK: Who may not see the visit gets notFound, whatever they ask.

    @Test(arguments: allCommands)
    func strangersGetNotFound(command: VisitCommand) throws {
        var s = try Scenario()
        try s.startedByAnna()
        #expect(s.refusal(command, by: .per) == .notFound)  // another patient
        #expect(s.refusal(command, by: .sven) == .notFound)  // a nurse of another unit
        #expect(s.refusal(command, by: .doris) == .notFound)  // a doctor of the same unit
        #expect(s.refusal(command, by: .olle) == .notFound)  // another care provider, same unit name
    }

    @Test func anotherPatientCannotLearnThatAVisitExists() throws {
        var s = try Scenario()
        try s.endedByAnna()
        #expect(s.refusal(.sendMessage(clientMessageID: "p-1", text: "Hej"), by: .per) == .notFound)
        // A resend check must not leak either: Per never sent "p-1" here.
        #expect(s.refusal(.sendMessage(clientMessageID: "p-1", text: "Hej"), by: .per) == .notFound)
    }

    // MARK: Visible, but not theirs to do: forbidden.

    @Test(arguments: [VisitCommand.accept, .start, .changePriority(to: 2), .end(asyncPhaseDays: 7, chargeForVisit: true), .markDone, .expire])
    func patientMayOnlyWrite(command: VisitCommand) throws {
        var s = try Scenario()
        #expect(s.refusal(command, by: .pia) == .forbidden)
        try s.endedByAnna()
        #expect(s.refusal(command, by: .pia) == .forbidden)
    }

    @Test func acceptRaceHasExactlyOneWinner() throws {
        var s = try Scenario()
        // The owner serialises: Anna's accept is applied before Bertil's is decided.
        try s.run(.accept, by: .anna)
        #expect(s.refusal(.accept, by: .bertil) == .conflict(.alreadyAccepted))
        #expect(s.refusal(.accept, by: .anna) == .conflict(.alreadyAccepted))
        #expect(s.visit.responsible?.id == Fixtures.anna.id)
        try s.run(.start, by: .anna)
        #expect(s.refusal(.accept, by: .bertil) == .conflict(.alreadyAccepted))
    }

    @Test func onlyTheResponsibleStaffMemberStartsWritesEndsAndMarksDone() throws {
        var s = try Scenario()
        #expect(s.refusal(.start, by: .anna) == .forbidden)  // nobody is responsible before accept
        try s.run(.accept, by: .anna)
        #expect(s.refusal(.start, by: .bertil) == .forbidden)
        try s.run(.start, by: .anna)
        #expect(s.refusal(.sendMessage(clientMessageID: "b", text: "Hej"), by: .bertil) == .forbidden)
        #expect(s.refusal(.end(asyncPhaseDays: 7, chargeForVisit: true), by: .bertil) == .forbidden)
        #expect(s.refusal(.changePriority(to: 1), by: .bertil) == .forbidden)
        try s.run(.end(asyncPhaseDays: 7, chargeForVisit: true), by: .anna)
        #expect(s.refusal(.markDone, by: .bertil) == .forbidden)
    }

    @Test func staffNeverExpireAndTheSystemOnlyExpires() throws {
        var s = try Scenario()
        try s.endedByAnna()
        s.clock.advance(days: 8)
        #expect(s.refusal(.expire, by: .anna) == .forbidden)
        for command in Self.allCommands where command != .expire {
            #expect(s.refusal(command, by: .system) == .forbidden)
        }
    }

    @Test func billingStaffSeeChargedVisitsButMayNotActInThem() throws {
        var s = try Scenario()
        try s.endedByAnna(days: 7, charge: true)
        for command in Self.allCommands {
            #expect(s.refusal(command, by: .kassa) == .forbidden)
        }
        var free = try Scenario()
        try free.endedByAnna(days: 7, charge: false)
        #expect(free.refusal(.markDone, by: .kassa) == .notFound)
    }

    // MARK: Priority: anyone working the queue while waiting, then only the responsible.

    @Test func queueColleaguesCorrectPriorityWhileWaiting() throws {
        var s = try Scenario()
        #expect(
            try s.run(.changePriority(to: 1), by: .bertil) == [
                s.event(2, .staff(Fixtures.bertil.id), .priorityChanged(from: 3, to: 1))
            ])
        #expect(try s.run(.changePriority(to: 1), by: .anna) == [])  // unchanged: nothing to record
        try s.run(.accept, by: .anna)
        #expect(s.refusal(.changePriority(to: 2), by: .bertil) == .forbidden)
        #expect(try s.run(.changePriority(to: 2), by: .anna).count == 1)
    }

    @Test(arguments: [0, 6, -1, 12])
    func dropInPrioritiesAreOneToFive(priority: Int) throws {
        let s = try Scenario()
        #expect(s.refusal(.changePriority(to: Priority(priority)), by: .anna) == .invalid(.priorityOutOfRange))
    }

    // MARK: Arguments: invalid, before any state conflict.

    @Test func endNeedsBothAnswersAndABoundedAsyncPhase() throws {
        var s = try Scenario()
        try s.startedByAnna()
        #expect(s.refusal(.end(asyncPhaseDays: nil, chargeForVisit: true), by: .anna) == .invalid(.missingAsyncPhaseDays))
        #expect(s.refusal(.end(asyncPhaseDays: 7, chargeForVisit: nil), by: .anna) == .invalid(.missingChargeDecision))
        #expect(s.refusal(.end(asyncPhaseDays: nil, chargeForVisit: nil), by: .anna) == .invalid(.missingAsyncPhaseDays))
        #expect(s.refusal(.end(asyncPhaseDays: -1, chargeForVisit: true), by: .anna) == .invalid(.asyncPhaseDaysOutOfRange))
        #expect(s.refusal(.end(asyncPhaseDays: 366, chargeForVisit: true), by: .anna) == .invalid(.asyncPhaseDaysOutOfRange))
        #expect(s.refusal(.end(asyncPhaseDays: 365, chargeForVisit: false), by: .anna) == nil)
        #expect(s.refusal(.end(asyncPhaseDays: 0, chargeForVisit: false), by: .anna) == nil)
    }

    @Test func messagesAreBoundedAndNeedAClientID() throws {
        var s = try Scenario()
        try s.startedByAnna()
        let long = String(repeating: "å", count: Limits.messageTextBytes / 2 + 1)  // 2 UTF-8 bytes each
        #expect(s.refusal(.sendMessage(clientMessageID: "1", text: ""), by: .pia) == .invalid(.emptyMessage))
        #expect(s.refusal(.sendMessage(clientMessageID: "1", text: " \n\t"), by: .pia) == .invalid(.emptyMessage))
        #expect(s.refusal(.sendMessage(clientMessageID: "1", text: long), by: .pia) == .invalid(.messageTooLong))
        #expect(s.refusal(.sendMessage(clientMessageID: "", text: "Hej"), by: .pia) == .invalid(.badClientMessageID))
        let longID = ClientMessageID(String(repeating: "x", count: Limits.clientMessageIDBytes + 1))
        #expect(s.refusal(.sendMessage(clientMessageID: longID, text: "Hej"), by: .pia) == .invalid(.badClientMessageID))
        let edge = String(repeating: "å", count: Limits.messageTextBytes / 2)
        #expect(s.refusal(.sendMessage(clientMessageID: "1", text: edge), by: .pia) == nil)
    }

    // MARK: State: conflict.

    @Test func nothingIsWrittenBeforeTheVisitStarts() throws {
        var s = try Scenario()
        #expect(s.refusal(.sendMessage(clientMessageID: "p", text: "Hallå?"), by: .pia) == .conflict(.notStarted))
        try s.run(.accept, by: .anna)
        #expect(s.refusal(.sendMessage(clientMessageID: "p", text: "Hallå?"), by: .pia) == .conflict(.notStarted))
        #expect(s.refusal(.sendMessage(clientMessageID: "a", text: "Hej"), by: .anna) == .conflict(.notStarted))
        #expect(s.refusal(.end(asyncPhaseDays: 7, chargeForVisit: true), by: .anna) == .conflict(.notStarted))
    }

    @Test func eachStepHappensOnce() throws {
        var s = try Scenario()
        try s.startedByAnna()
        #expect(s.refusal(.start, by: .anna) == .conflict(.alreadyStarted))
        #expect(s.refusal(.markDone, by: .anna) == .conflict(.notInAsyncPhase))
        #expect(s.refusal(.expire, by: .system) == .conflict(.notInAsyncPhase))
        try s.run(.end(asyncPhaseDays: 7, chargeForVisit: true), by: .anna)
        #expect(s.refusal(.end(asyncPhaseDays: 7, chargeForVisit: true), by: .anna) == .conflict(.alreadyEnded))
        #expect(s.refusal(.start, by: .anna) == .conflict(.alreadyStarted))
        #expect(s.refusal(.accept, by: .bertil) == .conflict(.alreadyAccepted))
        // Nothing to mark until the patient writes.
        #expect(try s.run(.markDone, by: .anna) == [])
    }

    @Test func staffMayWriteInTheAsyncPhase() throws {
        var s = try Scenario()
        try s.endedByAnna()
        s.clock.advance(days: 2)
        try s.run(.sendMessage(clientMessageID: "p", text: "Fråga"), by: .pia)
        #expect(try s.run(.sendMessage(clientMessageID: "a", text: "Svar"), by: .anna).count == 1)
        #expect(s.visit.asyncInbox == .needsAction)  // a reply is not "mark as done"
    }

    // MARK: Idempotent resends.

    /// Memory keeps the newest `idempotencyWindow` client ids; an older resend is left to the log
    /// (the store answers it as a duplicate), so a long visit's memory stays bounded.
    @Test func theIdempotencyWindowKeepsTheNewestClientIDs() throws {
        var s = try Scenario()
        try s.startedByAnna()
        let count = Visit.idempotencyWindow + 10
        for n in 0..<count { _ = try s.run(.sendMessage(clientMessageID: ClientMessageID("p-\(n)"), text: "m"), by: .pia) }
        #expect(s.visit.recordedSeq(of: "p-0", by: Principal.pia.actor) == nil)
        let newest = s.visit.recordedSeq(of: ClientMessageID("p-\(count - 1)"), by: Principal.pia.actor)
        #expect(newest == s.visit.lastSeq)
        let oldestKept = s.visit.recordedSeq(of: ClientMessageID("p-\(count - Visit.idempotencyWindow)"), by: Principal.pia.actor)
        #expect(oldestKept != nil)
        #expect(s.visit.recordedSeq(of: ClientMessageID("p-\(count - Visit.idempotencyWindow - 1)"), by: Principal.pia.actor) == nil)
    }

    @Test func resendReturnsTheOriginalSeq() throws {
        var s = try Scenario()
        try s.startedByAnna()
        let first = try s.run(.sendMessage(clientMessageID: "p-1", text: "Hej"), by: .pia)
        #expect(first.map(\.seq) == [5])
        let resend = s.visit.decide(.sendMessage(clientMessageID: "p-1", text: "Hej"), by: .pia, at: s.clock.now())
        #expect(resend == .success(.alreadyRecorded(seq: 5)))
        // The id names the message, not the text: a changed resend is still the same message.
        let changed = s.visit.decide(.sendMessage(clientMessageID: "p-1", text: "Hej!"), by: .pia, at: s.clock.now())
        #expect(changed == .success(.alreadyRecorded(seq: 5)))
        // Client ids are per author: Anna may use the same one.
        #expect(try s.run(.sendMessage(clientMessageID: "p-1", text: "Hej Pia"), by: .anna).map(\.seq) == [6])
        // Still acked after the visit closed (the client may have missed the ack across the end).
        try s.run(.end(asyncPhaseDays: 0, chargeForVisit: false), by: .anna)
        let late = s.visit.decide(.sendMessage(clientMessageID: "p-1", text: "Hej"), by: .pia, at: s.clock.now())
        #expect(late == .success(.alreadyRecorded(seq: 5)))
    }

    @Test func eventsAreNumberedFromLastSeqWithOneTimeAndActor() throws {
        var s = try Scenario()
        try s.run(.accept, by: .anna)
        s.clock.advance(minutes: 5)
        let events = try s.run(.start, by: .anna)
        #expect(events.map(\.seq) == [3, 4])
        #expect(events.allSatisfy { $0.at == s.clock.now() && $0.actor == .staff(Fixtures.anna.id) })
        #expect(events.allSatisfy { $0.visit == Fixtures.visitID })
    }
}
