import Care
import Service
import Testing

/// The visit log behind the ports, the same for every implementation: appends continue the log
/// without gaps, a resend within the idempotency window is answered with its original seq, reads
/// page both ways, and recovery finds exactly the visits that are not closed.
@Suite struct VisitLogContractTests {
    @Test(arguments: RecordPorts.Kind.allCases)
    func appendsAreNumberedAndReadBack(_ kind: RecordPorts.Kind) throws {
        let ports = try RecordPorts(kind)
        var script = try VisitScript("visit-1")
        let start = try script.start()
        #expect(ports.append(script.first) == [.success(.appended("visit-1", seqs: 1...1))])
        #expect(ports.append(start[0], start[1]) == [.success(.appended("visit-1", seqs: 2...2)),
                                                     .success(.appended("visit-1", seqs: 3...4))])
        let logged = try ports.reader.events(of: "visit-1", after: 0, limit: 100)
        #expect(logged.map(\.event) == (start.flatMap(\.events)).reduce(script.first.events) { $0 + [$1] })
        #expect(logged.allSatisfy { $0.bytes > 0 })
        #expect(try ports.reader.summary(of: "visit-1") == VisitSummary(id: "visit-1", patient: "anna", phase: .active))
        #expect(try ports.reader.summary(of: "visit-2") == nil)
    }

    @Test(arguments: RecordPorts.Kind.allCases)
    func aResendWithinTheWindowIsADuplicateOfTheOriginal(_ kind: RecordPorts.Kind) throws {
        let ports = try RecordPorts(kind)
        var script = try VisitScript("visit-1")
        try ports.recordStarted(&script)
        let original = try script.message("a-1")
        #expect(ports.append(original) == [.success(.appended("visit-1", seqs: 5...5))])
        // The owner assigned the resend a new seq (its memory was stale): still the original.
        var resend = original
        resend.events = resend.events.map { var event = $0; event.seq = 6; return event }
        #expect(ports.append(resend) == [.success(.duplicate("visit-1", originalSeq: 5))])
        // The same client id from someone else is another message.
        let nurses = try script.append(.sendMessage(clientMessageID: "a-1", text: "Hej"), by: VisitScript.nurse, withState: false)
        #expect(ports.append(nurses) == [.success(.appended("visit-1", seqs: 6...6))])

        // The window is the visit's newest 256 client ids: with 255 stored after it, the original
        // is the oldest one still in it; one more pushes it out, and a resend is a new message.
        let later = try (1...255).map { RecordWrite.append(try script.message("b-\($0)")) }
        #expect(ports.record(Array(later[..<254])).allSatisfy { if case .success(.appended) = $0 { true } else { false } })
        resend.events = resend.events.map { var event = $0; event.seq = 261; return event }
        #expect(ports.append(resend) == [.success(.duplicate("visit-1", originalSeq: 5))])
        #expect(ports.record(later[254]) == .success(.appended("visit-1", seqs: 261...261)))
        resend.events = resend.events.map { var event = $0; event.seq = 262; return event }
        #expect(ports.append(resend) == [.success(.appended("visit-1", seqs: 262...262))])
    }

    @Test(arguments: RecordPorts.Kind.allCases)
    func aGapOrAnUnknownVisitIsRefusedAndWritesNothing(_ kind: RecordPorts.Kind) throws {
        let ports = try RecordPorts(kind)
        var script = try VisitScript("visit-1")
        let start = try script.start()
        // Without its state, the first append of a visit is for a visit the store never saw.
        var stateless = script.first
        stateless.state = nil
        #expect(ports.append(stateless) == [.failure(.unknownVisit("visit-1"))])
        _ = ports.append(script.first)
        #expect(ports.append(start[1]) == [.failure(.sequenceGap("visit-1", expected: 2, got: 3))])
        #expect(try ports.reader.events(of: "visit-1", after: 0, limit: 100).map(\.event.seq) == [1])
        // One write's refusal does not fail the others committed with it.
        #expect(ports.append(start[1], start[0]) == [.failure(.sequenceGap("visit-1", expected: 2, got: 3)),
                                                     .success(.appended("visit-1", seqs: 2...2))])
    }

    @Test(arguments: RecordPorts.Kind.allCases)
    func eventsPageForwardsAndBackwards(_ kind: RecordPorts.Kind) throws {
        let ports = try RecordPorts(kind)
        var script = try VisitScript("visit-1")
        try ports.recordStarted(&script)
        _ = ports.record(try (1...6).map { .append(try script.message("m-\($0)")) })
        func seqs(_ events: [LoggedEvent]) -> [UInt64] { events.map(\.event.seq) }
        #expect(seqs(try ports.reader.events(of: "visit-1", after: 3, limit: 4)) == [4, 5, 6, 7])
        #expect(seqs(try ports.reader.events(of: "visit-1", after: 8, limit: 4)) == [9, 10])
        #expect(seqs(try ports.reader.events(of: "visit-1", after: 10, limit: 4)) == [])
        #expect(seqs(try ports.reader.events(of: "visit-1", before: 8, limit: 3)) == [5, 6, 7])
        #expect(seqs(try ports.reader.events(of: "visit-1", before: 3, limit: 5)) == [1, 2])
        #expect(seqs(try ports.reader.events(of: "visit-1", before: .max, limit: 2)) == [9, 10])
        #expect(try ports.reader.events(of: "visit-9", after: 0, limit: 10).isEmpty)
    }

    @Test(arguments: RecordPorts.Kind.allCases)
    func recoveryFindsTheVisitsThatAreNotClosed(_ kind: RecordPorts.Kind) throws {
        let ports = try RecordPorts(kind)
        let waiting = try VisitScript("visit-b", patient: "bo")
        var ended = try VisitScript("visit-a")
        var closed = try VisitScript("visit-c")
        _ = ports.append(waiting.first, ended.first, closed.first)
        _ = ports.record(try ended.start().map { .append($0) } + closed.start().map { .append($0) })
        _ = ports.append(try ended.append(.end(asyncPhaseDays: 3, chargeForVisit: false), by: VisitScript.nurse),
                         try closed.append(.end(asyncPhaseDays: 0, chargeForVisit: false), by: VisitScript.nurse))
        #expect(try ports.reader.openVisits() == [
            VisitSummary(id: "visit-a", patient: "anna", phase: .asyncPhase),
            VisitSummary(id: "visit-b", patient: "bo", phase: .active),
        ])
        #expect(try ports.reader.openVisits(of: "anna").map(\.id) == ["visit-a"])
        #expect(try ports.reader.summary(of: "visit-c")?.phase == .closed)
        // The state stored last is the visit's, for the clinician who holds it.
        let held = try ports.reader.visits(heldBy: "nurse-1", limit: 10)
        #expect(held.map(\.id) == ["visit-a", "visit-c"] && held.first == ended.visit)
        #expect(try ports.reader.visits(heldBy: "nurse-1", limit: 1).map(\.id) == ["visit-a"])
    }

    @Test(arguments: RecordPorts.Kind.allCases)
    func aPatientsArrivalsComeNewestFirstWhateverTheirState(_ kind: RecordPorts.Kind) throws {
        let ports = try RecordPorts(kind)
        let t0 = Instant(millisecondsSinceEpoch: 1_700_000_000_000)
        var first = try VisitScript("visit-1", at: t0)
        let second = try VisitScript("visit-2", at: t0.adding(milliseconds: 60_000))
        let third = try VisitScript("visit-3", at: t0.adding(milliseconds: 120_000))
        let bo = try VisitScript("visit-4", patient: "bo", at: t0.adding(milliseconds: 180_000))
        _ = ports.append(first.first, second.first, third.first, bo.first)
        _ = ports.record(try first.start().map { .append($0) })
        _ = ports.append(try first.append(.end(asyncPhaseDays: 0, chargeForVisit: false), by: VisitScript.nurse))
        #expect(try ports.reader.summary(of: "visit-1")?.phase == .closed)  // closed ones count too
        #expect(try ports.reader.arrivals(of: "anna", newest: 10) == [t0.adding(milliseconds: 120_000), t0.adding(milliseconds: 60_000), t0])
        #expect(try ports.reader.arrivals(of: "anna", newest: 2).count == 2)
        #expect(try ports.reader.arrivals(of: "bo", newest: 10) == [t0.adding(milliseconds: 180_000)])
        #expect(try ports.reader.arrivals(of: "nobody", newest: 10).isEmpty)
    }
}
