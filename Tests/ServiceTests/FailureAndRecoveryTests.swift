import TestSupport
import Care
import Service
import Store
import Testing

@Suite struct FailureAndRecoveryTests {
    @Test func aFailedCommitFailsThePendingCommandsReloadsTheVisitAndLaterCommandsWork() throws {
        let h = try DeskHarness()
        let visit = try h.startedVisit()
        let nina = People.nurseDesk(1)
        h.desk.open(visit, by: People.nurse(1), subscriber: nina, after: nil, commandID: "o", now: h.now)
        h.settle()
        _ = h.recorder.take()

        let release = h.holdWriter()
        h.veto.failCommits.store(true, ordering: .relaxed)
        for number in 1...3 {
            h.desk.submit(.sendMessage(clientMessageID: ClientMessageID("a-\(number)"), text: "nr \(number)"),
                          visit: visit, by: People.anna, commandID: "c-\(number)", replyTo: People.annaPhone, now: h.now)
        }
        // A no-op behind them must not be acked either.
        h.desk.submit(.changePriority(to: 3), visit: visit, by: People.nurse(1), commandID: "p", replyTo: nina, now: h.now)
        #expect(h.desk.visit(visit)?.lastSeq == 4)
        release.signal()
        h.settle()
        h.veto.failCommits.store(false, ordering: .relaxed)
        // The results of the writes abandoned behind the first failure still arrive: ignored.
        for _ in 0..<2 {
            guard let late = h.inbox.take() else { Issue.record("late commit missing"); break }
            h.desk.committed(late, now: h.now)
        }
        let out = h.recorder.take()
        #expect(out.errors.map(\.commandID) == ["c-1", "c-2", "c-3", "p"])
        #expect(out.errors.allSatisfy { $0.error == .internal })
        #expect(out.acks.isEmpty && out.events.isEmpty)
        #expect(h.desk.visit(visit)?.lastSeq == 4)
        #expect(h.desk.subscribers(of: visit) == [nina])

        // The client resends: same client id, now stored once, with the next seq.
        let again = h.run(.sendMessage(clientMessageID: "a-1", text: "nr 1"), visit, by: People.anna, commandID: "c-1",
                          replyTo: People.annaPhone)
        #expect(again.acks.map(\.seq) == [5])
        #expect(again.contains { if case .event(_, let event, [nina]) = $0 { event.seq == 5 } else { false } })
        #expect(try h.checker.events(visitID: visit.rawValue, after: 0).map(\.seq) == Array(1...5))
    }

    @Test func aVisitWhoseCreationFailedIsForgotten() throws {
        let h = try DeskHarness()
        h.veto.failCommits.store(true, ordering: .relaxed)
        h.desk.createDropIn(People.sorethroat(), by: People.anna, commandID: "c", replyTo: People.annaPhone, now: h.now)
        h.settle()
        h.veto.failCommits.store(false, ordering: .relaxed)
        #expect(h.recorder.take().errors.map(\.error) == [.internal])
        #expect(h.desk.loadedVisits.isEmpty && h.desk.queues.isEmpty)
        let visit = try h.createVisit()
        #expect(h.desk.visit(visit)?.lastSeq == 1)
    }

    @Test func aRestartedDeskRecoversTheSameVisitsQueuesAndDeadlines() throws {
        let directory = TemporaryDirectory()
        var before: [VisitID: Visit] = [:]
        var queues: [Resource: Queue] = [:]
        var deadline: Instant?
        var closed: VisitID?
        do {
            let h = try DeskHarness(directory: directory)
            let waiting = try h.createVisit(priority: 2)
            let other = try h.createVisit(by: People.bo, priority: 4)
            let ongoing = try h.startedVisit()
            _ = h.run(.sendMessage(clientMessageID: "a-1", text: "Hej"), ongoing, by: People.anna)
            let ended = try h.startedVisit()
            _ = h.run(.end(asyncPhaseDays: 3, chargeForVisit: false), ended, by: People.nurse(1))
            closed = try h.startedVisit()
            _ = h.run(.end(asyncPhaseDays: 0, chargeForVisit: false), closed!, by: People.nurse(1))
            for id in [waiting, other, ongoing, ended] { before[id] = h.desk.visit(id) }
            queues = h.desk.queues
            deadline = h.desk.nextDeadline()
            h.writer.stop()
        }
        let h = try DeskHarness(directory: directory)
        #expect(try h.desk.recover() == 4)
        #expect(Set(h.desk.loadedVisits) == Set(before.keys))
        for (id, visit) in before { #expect(h.desk.visit(id) == visit) }
        #expect(h.desk.queues == queues)
        #expect(queues[People.nurseQueue]?.count == 2)
        #expect(h.desk.nextDeadline() == deadline && deadline != nil)
        // A closed visit is not recovered, but still opens (lazily) read-only.
        let closedVisit = try #require(closed)
        #expect(h.desk.visit(closedVisit) == nil)
        h.desk.open(closedVisit, by: People.anna, subscriber: People.annaPhone, after: 3, commandID: "o", now: h.now)
        h.settle()
        guard case .opened(_, _, let snapshot, let missed)? = h.recorder.take().first else { Issue.record("not opened"); return }
        #expect(snapshot.visit.state == .closed && missed.map(\.seq) == [4, 5, 6])
        // And the recovered desk carries on where the old one stopped.
        let ongoing = try #require(before.first { $0.value.state == .inProgress }?.key)
        let out = h.run(.sendMessage(clientMessageID: "a-1", text: "Hej"), ongoing, by: People.anna, commandID: "c",
                        replyTo: People.annaPhone)
        #expect(out.acks.map(\.seq) == [5])  // a resend after the restart: the original seq
    }

    @Test func recoveryLoadsOnlyTheVisitsThisLoopOwns() throws {
        let directory = TemporaryDirectory()
        var created: [VisitID] = []
        do {
            let h = try DeskHarness(directory: directory)
            for _ in 0..<12 { created.append(try h.createVisit()) }
            h.writer.stop()
        }
        let ownership = VisitOwnership(loops: 3)
        var recovered: [VisitID] = []
        for loop in 0..<3 {
            let h = try DeskHarness(directory: directory, loops: 3, loop: loop)
            try h.desk.recover()
            #expect(h.desk.loadedVisits.allSatisfy { ownership.owner(of: $0) == loop })
            recovered += h.desk.loadedVisits
            h.writer.stop()
        }
        #expect(Set(recovered) == Set(created) && recovered.count == created.count)
    }
}
