import Care
import Testing

@Suite struct AsyncInboxTests {
    @Test func threeTabsFollowThePatientAndMarkAsDone() throws {
        // v-quiet: ended, nothing since. v-wrote: patient wrote. v-done: wrote, then marked done.
        // v-closed: ended without phase. v-live: still in progress. v-bertil: someone else's.
        var quiet = try Scenario(id: "v-quiet")
        try quiet.endedByAnna(days: 3)
        var wrote = try Scenario(id: "v-wrote", priority: 2)
        try wrote.endedByAnna(days: 7)
        wrote.clock.advance(minutes: 30)
        try wrote.run(.sendMessage(clientMessageID: "p", text: "Fråga"), by: .pia)
        var done = try Scenario(id: "v-done")
        try done.endedByAnna(days: 10)
        try done.run(.sendMessage(clientMessageID: "p", text: "Tack"), by: .pia)
        try done.run(.markDone, by: .anna)
        var closed = try Scenario(id: "v-closed")
        try closed.endedByAnna(days: 0)
        var live = try Scenario(id: "v-live")
        try live.startedByAnna()
        var bertils = try Scenario(id: "v-bertil")
        try bertils.run(.accept, by: .bertil)
        try bertils.run(.start, by: .bertil)
        try bertils.run(.end(asyncPhaseDays: 2, chargeForVisit: false), by: .bertil)

        let all = [quiet, wrote, done, closed, live, bertils].map(\.visit)
        let inbox = AsyncInbox(for: Fixtures.anna.id, visits: all)
        #expect(inbox.inbox.map(\.visit) == ["v-wrote"])
        #expect(inbox.inbox.first?.lastPatientMessageAt == wrote.clock.now())
        #expect(inbox.requiresNoAction.map(\.visit) == ["v-quiet", "v-done"])  // soonest expiry first
        #expect(inbox.ended.map(\.visit) == ["v-closed"])
        #expect(AsyncInbox(for: Fixtures.bertil.id, visits: all).requiresNoAction.map(\.visit) == ["v-bertil"])
    }

    @Test func inboxPutsUrgentThenLongestWaitingFirst() throws {
        func wroteAt(_ id: VisitID, priority: Priority, minutes: Int64) throws -> Visit {
            var s = try Scenario(id: id, priority: priority)
            try s.endedByAnna()
            s.clock.advance(minutes: minutes)
            try s.run(.sendMessage(clientMessageID: "p", text: "Hej"), by: .pia)
            return s.visit
        }
        let visits = [
            try wroteAt("v-late", priority: 3, minutes: 50), try wroteAt("v-early", priority: 3, minutes: 10),
            try wroteAt("v-urgent", priority: 1, minutes: 90),
        ]
        #expect(AsyncInbox(for: Fixtures.anna.id, visits: visits).inbox.map(\.visit) == ["v-urgent", "v-early", "v-late"])
    }

    @Test func endedTabShowsMostRecentlyClosedFirst() throws {
        var older = try Scenario(id: "v-older")
        try older.endedByAnna(days: 0)
        var clock = FakeClock()
        clock.advance(days: 1)
        var newer = try Scenario(id: "v-newer", clock: clock)
        try newer.endedByAnna(days: 0)
        #expect(AsyncInbox(for: Fixtures.anna.id, visits: [older.visit, newer.visit]).ended.map(\.visit) == ["v-newer", "v-older"])
    }
}
