import Care
@testable import Service
import Testing

/// The generic desk with a second aggregate (`Note`, defined here): decide → append → commit →
/// tell, acks only after the commit, failures, reloads, resumes and resends, with no visit.
@Suite struct DeskCoreTests {
    let grocery: Note.ID = "grocery"
    let alice = Subscriber(1), bob = Subscriber(2)

    /// A note with one committed line, that bob reads.
    func noteReadByBob(_ h: NoteDesk) {
        h.add("milk", to: grocery, replyTo: alice, commandID: "c-0")
        h.settle()
        h.subscribe(bob, to: grocery, as: "bob")
        _ = h.take()
    }

    @Test func pipelinedCommandsGetConsecutiveSeqsAndAreToldOnlyAfterTheirCommit() {
        let h = NoteDesk()
        noteReadByBob(h)
        h.add("eggs", to: grocery, replyTo: alice, commandID: "c-1")
        h.add("bread", to: grocery, replyTo: alice, commandID: "c-2")
        // Decided and appended against the projection; nobody told, nothing committed yet.
        #expect(h.take().isEmpty && h.shelf.queued == 2 && h.desk.writesInFlight == 2)
        #expect(h.desk.records[grocery]?.projected.lastSeq == 3 && h.desk.records[grocery]?.committed?.lastSeq == 1)
        #expect(h.shelf.lines(of: grocery, after: 1, limit: 10).isEmpty)
        h.settle()
        #expect(h.take() == ["line 2 to [2]", "ack c-1 seq 2", "line 3 to [2]", "ack c-2 seq 3"])
        #expect(h.desk.records[grocery]?.committed?.lines == ["milk", "eggs", "bread"])
        #expect(h.desk.writesInFlight == 0)
    }

    @Test func aFailedCommitFailsEveryWriteInFlightAndReloadsFromTheLog() {
        let h = NoteDesk()
        noteReadByBob(h)
        for number in 1...3 { h.add("item \(number)", to: grocery, clientID: "a-\(number)", replyTo: alice, commandID: "c-\(number)") }
        h.settle(failing: true)
        // The first failure abandons the writes behind it; their own answers find nothing.
        #expect(h.take() == ["error c-1 internal", "error c-2 internal", "error c-3 internal", "reloaded at 1",
                             "ignored 3", "ignored 4"])
        #expect(h.desk.records[grocery]?.projected.lastSeq == 1 && h.desk.records[grocery]?.subscribers == [bob: "bob"])
        // From the truth again: the resend gets the next seq.
        h.add("item 1", to: grocery, clientID: "a-1", replyTo: alice, commandID: "c-1")
        h.settle()
        #expect(h.take() == ["line 2 to [2]", "ack c-1 seq 2"])
    }

    @Test func aCreationThatFailsLeavesNothingBehind() {
        let h = NoteDesk()
        h.add("milk", to: grocery, replyTo: alice, commandID: "c-0")
        h.settle(failing: true)
        #expect(h.take() == ["error c-0 internal", "gone"])
        #expect(h.desk.records.isEmpty)
    }

    @Test func aBusyPortRefusesAndTheProjectionStaysTrue() {
        let h = NoteDesk(shelf: NoteShelf(queueLimit: 1))
        noteReadByBob(h)
        h.add("eggs", to: grocery, replyTo: alice, commandID: "c-1")
        h.add("bread", to: grocery, replyTo: alice, commandID: "c-2")
        #expect(h.take() == ["error c-2 busy"])
        #expect(h.desk.records[grocery]?.projected.lastSeq == 2)
        h.settle()
        #expect(h.take() == ["line 2 to [2]", "ack c-1 seq 2"])
    }

    @Test func aResendIsAnsweredWithTheOriginalSeqInFlightCommittedOrOnlyInTheLog() throws {
        let h = NoteDesk()
        noteReadByBob(h)
        let stale = NoteDesk(shelf: h.shelf)
        _ = try stale.desk.load(grocery)
        h.add("eggs", to: grocery, clientID: "a-1", replyTo: alice, commandID: "c-1")
        h.add("eggs", to: grocery, clientID: "a-1", replyTo: alice, commandID: "c-1 again")
        #expect(h.take().isEmpty && h.shelf.queued == 1)  // the resend waits behind the original
        h.settle()
        #expect(h.take() == ["line 2 to [2]", "ack c-1 seq 2", "ack c-1 again seq 2"])
        h.add("eggs", to: grocery, clientID: "a-1", replyTo: alice, commandID: "c-1 late")
        #expect(h.take() == ["ack c-1 late seq 2"])

        // A desk whose memory is stale (loaded before the line): the log answers, it reloads.
        stale.add("eggs", to: grocery, clientID: "a-1", replyTo: alice, commandID: "c-1 stale")
        stale.settle()
        #expect(stale.take() == ["ack c-1 stale seq 2", "reloaded at 2"])
        #expect(h.shelf.lines(of: grocery, after: 0, limit: 10).count == 2)
    }

    @Test func aSubscriberResumesFromItsLastSeqFromTheTailOrTheLog() {
        let h = NoteDesk(tailLimit: 2)
        noteReadByBob(h)
        for number in 2...5 { h.add("item \(number)", to: grocery, replyTo: alice, commandID: "c-\(number)") }
        h.settle()
        #expect(h.resume(grocery, after: 5) == [])
        #expect(h.resume(grocery, after: 3) == [4, 5])  // the tail
        #expect(h.resume(grocery, after: 0) == [1, 2, 3, 4, 5])  // the log
        #expect(h.resume(grocery, after: 9) == nil)  // never sent: reload
    }

    @Test func aNoteIsOwnedByOneLoopByTheSameHashAsAVisit() {
        let ownership = VisitOwnership(loops: 4)
        #expect(ownership.owner(ofAggregate: grocery) == ownership.owner(ofKey: "grocery"))
        #expect(ownership.owner(ofAggregate: VisitID("grocery")) == ownership.owner(of: VisitID("grocery")))
    }
}
