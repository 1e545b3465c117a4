import Care
import Service
import Store
import Testing

@Suite struct SubscriptionTests {
    @Test func aPatientOpeningAnotherPatientsVisitGetsNotFoundAndNoAuditRecord() throws {
        let h = try DeskHarness()
        let visit = try h.createVisit(by: People.anna)
        h.desk.open(visit, by: People.bo, subscriber: People.boPhone, after: 0, commandID: "o-1", now: h.now)
        h.desk.history(visit, by: People.bo, before: nil, limit: 50, subscriber: People.boPhone, commandID: "h-1", now: h.now)
        h.desk.open(visit, by: People.doctorElsewhere, subscriber: Subscriber(7), after: nil, commandID: "o-2", now: h.now)
        h.desk.open("visit-404", by: People.bo, subscriber: People.boPhone, after: nil, commandID: "o-3", now: h.now)
        #expect(h.desk.writesInFlight == 0)
        let out = h.recorder.take()
        #expect(out.errors.map(\.error) == Array(repeating: .care(.notFound), count: 4))
        #expect(try h.checker.auditRecords(patientID: "anna").isEmpty)
        #expect(h.desk.subscribers(of: visit).isEmpty)
    }

    @Test func openHistoryCloseAndDisconnectWriteAuditRecordsBeforeAnyDataGoesOut() throws {
        let h = try DeskHarness()
        let visit = try h.startedVisit()
        let nina = People.nurseDesk(1)
        h.desk.open(visit, by: People.nurse(1), subscriber: nina, after: 2, commandID: "o-1", now: h.now)
        #expect(h.recorder.outcomes.isEmpty)  // the data waits for its audit record
        h.settle()
        guard case .opened(nina, "o-1", _, let missed)? = h.recorder.take().first else { Issue.record("not opened"); return }
        #expect(missed.map(\.seq) == [3, 4])

        h.desk.history(visit, by: People.nurse(1), before: 4, limit: 2, subscriber: nina, commandID: "h-1", now: h.now)
        #expect(h.recorder.outcomes.isEmpty)
        h.settle()
        guard case .history(nina, "h-1", visit, let page, let hasEarlier)? = h.recorder.take().first else {
            Issue.record("no history"); return
        }
        #expect(page.map(\.seq) == [2, 3] && hasEarlier)

        h.desk.close(visit, subscriber: nina, commandID: "x-1", now: h.now)
        h.settle()
        #expect(h.recorder.take().acks.map(\.commandID) == ["x-1"])
        #expect(h.desk.subscribers(of: visit).isEmpty)

        h.desk.open(visit, by: People.anna, subscriber: People.annaPhone, after: nil, commandID: "o-2", now: h.now)
        h.settle()
        h.desk.disconnected(People.annaPhone, now: h.now)
        h.settle()
        let records = try h.checker.auditRecords(patientID: "anna")
        #expect(records.map(\.action) == ["visit.open", "visit.history", "visit.close", "visit.open", "visit.close"])
        #expect(records.map(\.actor) == ["nurse-1", "nurse-1", "nurse-1", "anna", "anna"])
        #expect(records.map(\.actorUnit) == ["vc-lovsta", "vc-lovsta", "vc-lovsta", nil, nil])
        #expect(records.allSatisfy { $0.visitID == visit.rawValue })
        #expect(records.last?.detail == "disconnected")
    }

    @Test func aCloseBeforeTheOpenIsAuditedCancelsItAndTwoOpensBothGetAnswers() throws {
        let h = try DeskHarness()
        let visit = try h.createVisit()
        let anna = People.annaPhone
        h.desk.open(visit, by: People.anna, subscriber: anna, after: nil, commandID: "o-1", now: h.now)
        h.desk.close(visit, subscriber: anna, commandID: "x-1", now: h.now)
        h.settle()
        var out = h.recorder.take()
        #expect(out.acks.map(\.commandID) == ["x-1"])
        #expect(!out.contains { if case .opened = $0 { true } else { false } })
        #expect(h.desk.subscribers(of: visit).isEmpty)

        h.desk.open(visit, by: People.anna, subscriber: anna, after: nil, commandID: "o-2", now: h.now)
        h.desk.open(visit, by: People.anna, subscriber: anna, after: 0, commandID: "o-3", now: h.now)
        h.settle()
        out = h.recorder.take()
        let answered = out.compactMap { if case .opened(anna, let id, _, _) = $0 { id } else { nil } }
        #expect(answered == ["o-2", "o-3"])
        #expect(h.desk.subscribers(of: visit) == [anna])
        #expect(try h.checker.auditRecords(patientID: "anna").map(\.action)
            == ["visit.open", "visit.close", "visit.open", "visit.open"])
    }

    @Test func aReconnectGetsExactlyWhatItMissedOrAnExplicitReload() throws {
        // A tail of 3 events: resumes further back come from the store, not memory.
        for tailLimit in [3, 256] {
            let h = try DeskHarness(tailLimit: tailLimit)
            let visit = try h.startedVisit()
            for number in 1...10 {
                _ = h.run(.sendMessage(clientMessageID: ClientMessageID("a-\(number)"), text: "nr \(number)"), visit,
                          by: People.anna)
            }
            for (after, expected) in [(UInt64(0), Array(1...14)), (4, Array(5...14)), (12, [13, 14]), (14, [])] {
                h.desk.open(visit, by: People.anna, subscriber: People.annaPhone, after: after, commandID: "o", now: h.now)
                h.settle()
                guard case .opened(_, _, let snapshot, let missed)? = h.recorder.take().first else {
                    Issue.record("not opened after \(after)"); continue
                }
                #expect(missed.map(\.seq) == expected.map(UInt64.init), "after \(after), tail \(tailLimit)")
                #expect(snapshot.visit.lastSeq == 14)
            }
            h.desk.open(visit, by: People.anna, subscriber: People.annaPhone, after: 15, commandID: "o", now: h.now)
            h.settle()
            guard case .reload(People.annaPhone, "o", let snapshot)? = h.recorder.take().first else {
                Issue.record("no reload"); continue
            }
            #expect(snapshot.visit.lastSeq == 14)
            // Still subscribed: the next event follows the snapshot without a gap.
            let out = h.run(.sendMessage(clientMessageID: "n-1", text: "Hej"), visit, by: People.nurse(1))
            #expect(out.contains { if case .event(_, let event, [People.annaPhone]) = $0 { event.seq == 15 } else { false } })
        }
    }

    @Test func colleaguesWatchingAWaitingVisitLoseItWhenAnotherNurseAcceptsIt() throws {
        let h = try DeskHarness()
        let visit = try h.createVisit()
        h.desk.open(visit, by: People.nurse(2), subscriber: People.nurseDesk(2), after: nil, commandID: "o", now: h.now)
        h.settle()
        _ = h.recorder.take()
        let out = h.run(.accept, visit, by: People.nurse(1), commandID: "a", replyTo: People.nurseDesk(1))
        // Nurse 2 sees who took it, then the subscription ends.
        #expect(out.contains { if case .event(_, let event, [People.nurseDesk(2)]) = $0 { event.seq == 2 } else { false } })
        #expect(out.contains(.unsubscribed(visit, .accessEnded, to: [People.nurseDesk(2)])))
        h.settle()
        #expect(h.desk.subscribers(of: visit).isEmpty)
        let records = try h.checker.auditRecords(patientID: "anna")
        #expect(records.map(\.action) == ["visit.open", "visit.close"])
        #expect(records.last?.detail == "access ended")
    }

    @Test func readReceiptsAreMonotonicStoredAndToldAfterTheirCommit() throws {
        let h = try DeskHarness()
        let visit = try h.startedVisit()
        let nina = People.nurseDesk(1)
        h.desk.open(visit, by: People.nurse(1), subscriber: nina, after: nil, commandID: "o", now: h.now)
        h.settle()
        _ = h.recorder.take()
        h.desk.markRead(visit, by: People.anna, upTo: 4, subscriber: People.annaPhone, commandID: "r-1", now: h.now)
        #expect(h.recorder.outcomes.isEmpty)
        h.settle()
        var out = h.recorder.take()
        #expect(out.contains(.receipt(visit, reader: .patient("anna"), upTo: 4, to: [nina])))
        #expect(out.acks.map(\.commandID) == ["r-1"])
        h.desk.markRead(visit, by: People.anna, upTo: 3, subscriber: People.annaPhone, commandID: "r-2", now: h.now)
        h.desk.markRead(visit, by: People.anna, upTo: 5, subscriber: People.annaPhone, commandID: "r-3", now: h.now)
        h.desk.markRead(visit, by: People.bo, upTo: 1, subscriber: People.boPhone, commandID: "r-4", now: h.now)
        #expect(h.desk.writesInFlight == 0)
        out = h.recorder.take()
        #expect(out.acks.map(\.commandID) == ["r-2"])  // did not move: no write, no receipt
        #expect(out.errors.map(\.error) == [.care(.invalid(.readBeyondLastSeq)), .care(.notFound)])
        let stored = try h.checker.readReceipts(visitID: visit.rawValue)
        #expect(stored.map(\.participant) == ["patient:anna"] && stored.map(\.upToSeq) == [4])
        h.desk.open(visit, by: People.nurse(1), subscriber: nina, after: nil, commandID: "o", now: h.now)
        h.settle()
        guard case .opened(_, _, let snapshot, _)? = h.recorder.take().first else { Issue.record("not opened"); return }
        #expect(snapshot.receipts.readUpTo(.patient("anna")) == 4)
    }
}

extension SubscriptionTests {
    @Test func aHistoryPageEndsEarlyPastItsByteCapKeepingTheNewestEvents() throws {
        let h = try DeskHarness()
        let visit = try h.startedVisit()
        let text = String(repeating: "ö", count: 4_000)  // 8,000 bytes: the longest message
        for number in 1...80 {
            _ = h.run(.sendMessage(clientMessageID: ClientMessageID("m\(number)"), text: text), visit, by: People.anna, commandID: "s\(number)")
        }
        let nina = People.nurseDesk(1)
        h.desk.history(visit, by: People.nurse(1), before: nil, limit: 200, subscriber: nina, commandID: "h-1", now: h.now)
        h.settle()
        guard case .history(nina, "h-1", visit, let page, let hasEarlier)? = h.recorder.take().first else {
            Issue.record("no history"); return
        }
        // 84 events (4 + 80 messages) do not fit in 512 KiB; the page is the newest that do.
        #expect(page.count > 50 && page.count < 80)
        #expect(page.last?.seq == 84)
        #expect(page.map(\.seq) == Array(page[0].seq...84))
        #expect(hasEarlier)
    }
}
