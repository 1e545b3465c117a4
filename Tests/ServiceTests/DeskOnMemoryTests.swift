import Care
import MemoryRecords
import Service
import Testing

/// The desk against the memory store: the test decides when writes commit and whether they fail.
@Suite struct DeskOnMemoryTests {
    @Test func subscribersAreToldOnlyOnceTheMessageCommits() throws {
        let h = try MemoryDesk()
        let visit = try h.startedVisitOpenedByNurse()
        let nina = People.nurseDesk(1)
        h.desk.submit(.sendMessage(clientMessageID: "a-1", text: "Hej"), visit: visit, by: People.anna, commandID: "c-1",
                      replyTo: People.annaPhone, now: h.now)
        #expect(h.recorder.outcomes.isEmpty && h.store.queued == 1)  // in flight: nobody hears of it
        #expect(try h.store.makeReader().events(of: visit, after: 4, limit: 10).isEmpty)
        h.settle()
        let out = h.recorder.take()
        #expect(out.acks.map(\.seq) == [5] && out.acks.map(\.to) == [People.annaPhone])
        #expect(out.contains { if case .event(visit, let event, [nina]) = $0 { event.seq == 5 } else { false } })
        #expect(try h.store.makeReader().events(of: visit, after: 4, limit: 10).map(\.event.seq) == [5])
    }

    @Test func eachOutcomeComesWithTheCommittedStateTheHostRendersItFrom() throws {
        let h = try MemoryDesk()
        let visit = try h.startedVisitOpenedByNurse()
        _ = h.recorder.take()
        h.desk.submit(.sendMessage(clientMessageID: "a-1", text: "Hej"), visit: visit, by: People.anna, commandID: "c-1",
                      replyTo: People.annaPhone, now: h.now)
        h.settle()
        let told = zip(h.recorder.outcomes, h.recorder.states).map { ($0, $1) }
        #expect(!told.isEmpty)
        for (outcome, state) in told {
            // The host needs no read of the desk: the state is the visit, as committed now.
            #expect(state?.id == visit && state?.lastSeq == 5, "\(outcome)")
            #expect(state == h.desk.visit(visit))
        }
    }

    @Test func aFailedCommitFailsTheCommandsInFlightAndReloadsTheVisit() throws {
        let h = try MemoryDesk()
        let visit = try h.startedVisitOpenedByNurse()
        let nina = People.nurseDesk(1)
        for number in 1...3 {
            h.desk.submit(.sendMessage(clientMessageID: ClientMessageID("a-\(number)"), text: "nr \(number)"),
                          visit: visit, by: People.anna, commandID: "c-\(number)", replyTo: People.annaPhone, now: h.now)
        }
        h.desk.submit(.changePriority(to: 3), visit: visit, by: People.nurse(1), commandID: "p", replyTo: nina, now: h.now)
        h.settle(failing: true)
        // Answers to the writes abandoned behind the first failure still arrive: ignored.
        while h.inbox.waiting > 0, let late = h.inbox.take() { h.desk.committed(late, now: h.now) }
        let out = h.recorder.take()
        #expect(out.errors.map(\.commandID) == ["c-1", "c-2", "c-3", "p"])
        #expect(out.errors.allSatisfy { $0.error == .internal })
        #expect(out.acks.isEmpty && out.events.isEmpty)
        #expect(h.desk.visit(visit)?.lastSeq == 4 && h.desk.subscribers(of: visit) == [nina])
        // Reloaded from the log: the resend gets the next seq.
        let again = h.run(.sendMessage(clientMessageID: "a-1", text: "nr 1"), visit, by: People.anna, commandID: "c-1",
                          replyTo: People.annaPhone)
        #expect(again.acks.map(\.seq) == [5])
    }

    @Test func aResendIsAnsweredWithTheOriginalSeqAlsoWhenOnlyTheStoreKnowsIt() throws {
        let h = try MemoryDesk()
        let visit = try h.startedVisit()
        // A second desk on the same records loaded the visit before the message: its memory is stale.
        let stale = try MemoryDesk(store: h.store)
        #expect(try stale.desk.recover() == 1)
        let send = VisitCommand.sendMessage(clientMessageID: "a-1", text: "Hej")
        #expect(h.run(send, visit, by: People.anna, commandID: "c-1", replyTo: People.annaPhone).acks.map(\.seq) == [5])
        #expect(h.run(send, visit, by: People.anna, commandID: "c-1", replyTo: People.annaPhone).acks.map(\.seq) == [5])

        let out = stale.run(send, visit, by: People.anna, commandID: "c-1", replyTo: People.annaPhone)
        #expect(out.acks.map(\.seq) == [5] && out.events.isEmpty)
        #expect(stale.desk.visit(visit)?.lastSeq == 5)  // reloaded from the log
        #expect(try h.store.makeReader().events(of: visit, after: 0, limit: 100).count == 5)
    }

    @Test func anOpenResumesFromTheSeqTheSubscriberHas() throws {
        let h = try MemoryDesk(tailLimit: 1)  // the tail holds one event: the rest comes from the log
        let visit = try h.startedVisit()
        for number in 1...3 {
            _ = h.run(.sendMessage(clientMessageID: ClientMessageID("a-\(number)"), text: "nr \(number)"), visit,
                      by: People.anna)
        }
        let nina = People.nurseDesk(1)
        h.desk.open(visit, by: People.nurse(1), subscriber: nina, after: 4, commandID: "o", now: h.now)
        h.settle()
        guard case .opened(nina, "o", let snapshot, let missed)? = h.recorder.take().last else {
            Issue.record("not opened")
            return
        }
        #expect(snapshot.visit.lastSeq == 7 && missed.map(\.seq) == [5, 6, 7])
        // A seq beyond the log cannot be resumed from: a fresh snapshot instead.
        h.desk.open(visit, by: People.nurse(1), subscriber: People.nurseDesk(2), after: 9, commandID: "o2", now: h.now)
        h.settle()
        #expect(h.recorder.take().contains { if case .reload(_, "o2", _) = $0 { true } else { false } })
    }

    @Test func aRestartedDeskRecoversTheOpenVisitsFromTheRecords() throws {
        let h = try MemoryDesk()
        let waiting = try h.createVisit()
        let ongoing = try h.startedVisit()
        let closed = try h.startedVisit()
        _ = h.run(.end(asyncPhaseDays: 0, chargeForVisit: false), closed, by: People.nurse(1))
        let restarted = try MemoryDesk(store: h.store)
        #expect(try restarted.desk.recover() == 2)
        #expect(Set(restarted.desk.loadedVisits) == [waiting, ongoing])
        #expect(restarted.desk.visit(ongoing) == h.desk.visit(ongoing))
        #expect(restarted.desk.queues == h.desk.queues)
    }

    @Test func aFullQueueAnswersBusyAtOnce() throws {
        let h = try MemoryDesk(store: MemoryRecordStore(queueLimit: 1))
        let visit = try h.startedVisit()
        for number in 1...2 {
            h.desk.submit(.sendMessage(clientMessageID: ClientMessageID("a-\(number)"), text: "nr \(number)"),
                          visit: visit, by: People.anna, commandID: "c-\(number)", replyTo: People.annaPhone, now: h.now)
        }
        #expect(h.recorder.take().errors.map(\.error) == [.busy])
        h.settle()
        #expect(h.recorder.take().acks.map(\.seq) == [5])
    }
}
