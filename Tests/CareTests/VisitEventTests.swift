import Care
import FoundationEssentials
import Testing

/// The domain values still round-trip through Swift's `Codable` (the log itself is `LogCodec`'s).
@Suite struct VisitEventTests {
    @Test func aWholeLogRoundTripsAndReplaysToTheSameVisit() throws {
        let s = try Scenario.closedAfterItsAsyncPhase()

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
