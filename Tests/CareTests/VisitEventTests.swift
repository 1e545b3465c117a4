import Care
import FoundationEssentials
import Testing

/// The log and snapshots survive encoding: the store persists these with Codable.
@Suite struct VisitEventTests {
    @Test func aWholeLogRoundTripsAndReplaysToTheSameVisit() throws {
        var s = try Scenario()
        try s.endedByAnna(days: 3)
        try s.run(.sendMessage(clientMessageID: "p", text: "Hej 👋 åäö"), by: .pia)
        try s.run(.markDone, by: .anna)
        s.clock.advance(days: 3)
        try s.run(.expire, by: .system)

        let decoded = try JSONDecoder().decode([VisitEvent].self, from: JSONEncoder().encode(s.log))
        #expect(decoded == s.log)
        #expect(try Visit.replay(decoded) == s.visit)
        let snapshot = try JSONDecoder().decode(Visit.self, from: JSONEncoder().encode(s.visit))
        #expect(snapshot == s.visit)
        #expect(snapshot.recordedSeq(of: "p", by: .patient(Fixtures.pia.id)) == s.visit.recordedSeq(of: "p", by: .patient(Fixtures.pia.id)))
    }

    @Test func principalsRoundTrip() throws {
        let principals: [Principal] = [.pia, .kassa, .system]
        #expect(try JSONDecoder().decode([Principal].self, from: JSONEncoder().encode(principals)) == principals)
    }
}
