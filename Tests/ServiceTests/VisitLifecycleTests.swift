import Care
import Service
import Store
import Testing

@Suite struct VisitLifecycleTests {
    @Test func aDropInVisitRunsFromSeekingCareToTheEndOfItsAsyncPhase() throws {
        let h = try DeskHarness()
        let anna = People.annaPhone, nina = People.nurseDesk(1)
        h.desk.createDropIn(People.sorethroat(), by: People.anna, commandID: "c-1", replyTo: anna, now: h.now)
        #expect(h.recorder.outcomes.isEmpty)  // nothing is told before the commit
        h.settle()
        var out = h.recorder.take()
        let visit = try #require(out.acks.first?.visit)
        #expect(out.acks.map(\.seq) == [1])
        #expect(out.contains(.queueChanged(People.nurseQueue, [.added(QueueEntry(visit: visit, priority: 3, arrivedAt: h.now))])))

        h.desk.open(visit, by: People.anna, subscriber: anna, after: 0, commandID: "o-1", now: h.now)
        h.desk.open(visit, by: People.nurse(1), subscriber: nina, after: nil, commandID: "o-2", now: h.now)
        h.settle()
        out = h.recorder.take()
        guard case .opened(anna, "o-1", let snapshot, let missed)? = out.first else { Issue.record("\(out)"); return }
        #expect(snapshot.visit.state == .waiting && missed.map(\.seq) == [1])
        #expect(h.desk.subscribers(of: visit) == [anna, nina])

        h.advance(minutes: 4)
        out = h.run(.accept, visit, by: People.nurse(1), commandID: "c-2", replyTo: nina)
        #expect(out.events.map(\.seq) == [2])
        #expect(out.contains(.queueChanged(People.nurseQueue, [.removed(visit)])))
        #expect(out.contains(.notify(visit: visit, patient: "anna")))
        #expect(out.acks.map(\.seq) == [2])
        let sms = try h.checker.pendingNotifications()
        #expect(sms.map(\.recipient) == ["patient:anna"] && sms.map(\.channel) == ["sms"])

        out = h.run(.start, visit, by: People.nurse(1), commandID: "c-3", replyTo: nina)
        #expect(out.events.map(\.seq) == [3, 4])
        guard case .message(nil, let welcome) = out.events.last?.body else { Issue.record("no welcome"); return }
        #expect(welcome.contains("Nina 1"))
        #expect(out.acks.map(\.seq) == [4])

        out = h.run(.sendMessage(clientMessageID: "a-1", text: "Hej! Det gör ont att svälja."), visit, by: People.anna,
                    commandID: "c-4", replyTo: anna)
        #expect(out.acks.map(\.seq) == [5])
        #expect(out.contains { if case .event(visit, let event, [anna, nina]) = $0 { event.seq == 5 } else { false } })
        out = h.run(.sendMessage(clientMessageID: "n-1", text: "Har du feber?"), visit, by: People.nurse(1),
                    commandID: "c-5", replyTo: nina)
        #expect(out.acks.map(\.seq) == [6])

        h.advance(minutes: 10)
        let endedAt = h.now
        out = h.run(.end(asyncPhaseDays: 7, chargeForVisit: true), visit, by: People.nurse(1), commandID: "c-6", replyTo: nina)
        #expect(out.acks.map(\.seq) == [7])
        let deadline = endedAt.adding(days: 7)
        #expect(h.desk.nextDeadline() == deadline)

        h.now = endedAt.adding(days: 2)
        out = h.run(.sendMessage(clientMessageID: "a-2", text: "Nu har jag feber igen."), visit, by: People.anna,
                    commandID: "c-7", replyTo: anna)
        #expect(out.acks.map(\.seq) == [8])
        #expect(h.desk.visit(visit)?.asyncInbox == .needsAction)

        h.desk.expire(now: h.now)  // not due yet
        #expect(h.desk.writesInFlight == 0 && h.recorder.take().isEmpty)
        h.now = deadline
        h.desk.expire(now: h.now)
        h.settle()
        out = h.recorder.take()
        #expect(out.events.map(\.body) == [.closed(reason: .asyncPhaseExpired)])
        #expect(out.acks.isEmpty)
        #expect(h.desk.nextDeadline() == nil)
        #expect(h.desk.visit(visit)?.state == .closed)
        #expect(try h.checker.events(visitID: visit.rawValue, after: 0).map(\.seq) == Array(1...9))
        #expect(try h.checker.visit(visit.rawValue)?.state == VisitProjection.closedState)

        out = h.run(.sendMessage(clientMessageID: "a-3", text: "Hallå?"), visit, by: People.anna, commandID: "c-8",
                    replyTo: anna)
        #expect(out.errors.map(\.error) == [.care(.conflict(.closed))])
    }

    @Test func anAckIsEmittedOnlyOnceItsRowIsVisibleToAnotherReader() throws {
        let h = try DeskHarness()
        let visit = try h.startedVisit()
        var checked = 0
        h.recorder.onAck = { outcome in
            guard case .ack(_, _, let id, let seq?) = outcome else { return }
            #expect((try? h.checker.lastSeq(visitID: id.rawValue)).map { $0 >= Int64(seq) } == true)
            checked += 1
        }
        for number in 1...20 {
            h.desk.submit(.sendMessage(clientMessageID: ClientMessageID("a-\(number)"), text: "meddelande \(number)"),
                          visit: visit, by: People.anna, commandID: "c-\(number)", replyTo: People.annaPhone, now: h.now)
        }
        #expect(h.recorder.outcomes.isEmpty)
        h.settle()
        #expect(checked == 20)
        #expect(h.recorder.take().acks.map(\.seq) == Array(5...24))
    }

    @Test func fiftyStaffAcceptingAtOnceMakeExactlyOneWinner() throws {
        let h = try DeskHarness()
        let visit = try h.createVisit()
        for number in 1...50 {
            h.desk.submit(.accept, visit: visit, by: People.nurse(number), commandID: "accept",
                          replyTo: People.nurseDesk(number), now: h.now)
        }
        h.settle()
        let out = h.recorder.take()
        #expect(out.acks.map(\.to) == [People.nurseDesk(1)])
        #expect(out.errors.count == 49)
        #expect(out.errors.allSatisfy { $0.error == .care(.conflict(.alreadyAccepted)) })
        #expect(try h.checker.events(visitID: visit.rawValue, after: 0).map(\.kind) == ["created", "accepted"])
        #expect(try h.checker.pendingNotifications().count == 1)
    }

    @Test func pipelinedSendsGetConsecutiveSeqsInFewerCommitsThanSends() throws {
        let h = try DeskHarness()
        let visit = try h.startedVisit()
        let commitsBefore = h.writer.statistics.commits
        let release = h.holdWriter()
        for number in 1...30 {
            let author = number.isMultiple(of: 2) ? People.nurse(1) : People.anna
            h.desk.submit(.sendMessage(clientMessageID: ClientMessageID("m-\(number)"), text: "nr \(number)"),
                          visit: visit, by: author, commandID: "c-\(number)", replyTo: People.annaPhone, now: h.now)
        }
        release.signal()
        h.settle()
        let out = h.recorder.take()
        #expect(out.acks.map(\.commandID) == (1...30).map { "c-\($0)" })
        #expect(out.acks.map(\.seq) == (5...34).map { $0 })
        #expect(out.events.map(\.seq) == Array(5...34))
        #expect(try h.checker.events(visitID: visit.rawValue, after: 0).map(\.seq) == Array(1...34))
        let commits = h.writer.statistics.commits - commitsBefore
        #expect(commits < 30)
        #expect(commits <= 3)  // the hold's own batch, then the gathered sends
    }

    @Test func aResentCommandIsAckedWithTheOriginalSeqAndStoredOnce() throws {
        let h = try DeskHarness()
        let visit = try h.startedVisit()
        let send = VisitCommand.sendMessage(clientMessageID: "a-1", text: "Hej")
        // The resend arrives while the original is still in flight: it waits for that commit.
        h.desk.submit(send, visit: visit, by: People.anna, commandID: "c-1", replyTo: People.annaPhone, now: h.now)
        h.desk.submit(send, visit: visit, by: People.anna, commandID: "c-1", replyTo: People.annaPhone, now: h.now)
        #expect(h.recorder.outcomes.isEmpty)
        h.settle()
        var out = h.recorder.take()
        #expect(out.acks.map(\.seq) == [5, 5])
        #expect(out.events.map(\.seq) == [5])
        // After the commit, from another connection of the same patient.
        out = h.run(send, visit, by: People.anna, commandID: "c-1", replyTo: Subscriber(9))
        #expect(out.acks.map(\.seq) == [5] && out.events.isEmpty)
        let stored = try h.checker.events(visitID: visit.rawValue, after: 0)
        #expect(stored.filter { $0.clientID == "a-1" }.map(\.seq) == [5])
        #expect(stored.count == 5)
    }

    @Test func aFullStoreQueueAnswersBusyAtOnceAndChangesNothing() throws {
        let h = try DeskHarness(queueLimit: 1)
        let visit = try h.startedVisit()
        let release = h.holdWriter()
        h.desk.submit(.sendMessage(clientMessageID: "a-1", text: "ett"), visit: visit, by: People.anna,
                      commandID: "c-1", replyTo: People.annaPhone, now: h.now)
        h.desk.submit(.sendMessage(clientMessageID: "a-2", text: "två"), visit: visit, by: People.anna,
                      commandID: "c-2", replyTo: People.annaPhone, now: h.now)
        let refused = h.recorder.take().errors
        #expect(refused.map(\.commandID) == ["c-2"] && refused.map(\.error) == [.busy])
        release.signal()
        h.settle()
        #expect(h.recorder.take().acks.map(\.seq) == [5])
        let out = h.run(.sendMessage(clientMessageID: "a-2", text: "två"), visit, by: People.anna, commandID: "c-2",
                        replyTo: People.annaPhone)
        #expect(out.acks.map(\.seq) == [6])
    }
}
