import Care
import FoundationEssentials
import Testing

@Suite struct InstantTests {
    @Test func arithmetic() {
        let t = Instant(millisecondsSinceEpoch: 1_000)
        #expect(t.adding(milliseconds: 500).millisecondsSinceEpoch == 1_500)
        #expect(t.adding(days: 2).millisecondsSinceEpoch == 1_000 + 2 * 86_400_000)
        #expect(t.milliseconds(until: t.adding(days: 1)) == Instant.millisecondsPerDay)
        #expect(t < t.adding(milliseconds: 1))
    }

    @Test func codedAsABareNumber() throws {
        let data = try JSONEncoder().encode([Instant(millisecondsSinceEpoch: 1_733_832_000_000)])
        #expect(String(decoding: data, as: UTF8.self) == "[1733832000000]")
        #expect(try JSONDecoder().decode([Instant].self, from: data) == [Instant(millisecondsSinceEpoch: 1_733_832_000_000)])
    }

    @Test func fakeClockMovesOnlyWhenTold() {
        var clock = FakeClock(Instant(millisecondsSinceEpoch: 0))
        #expect(clock.now() == clock.now())
        clock.advance(seconds: 1, minutes: 1, days: 1)
        #expect(clock.now().millisecondsSinceEpoch == 86_400_000 + 61_000)
    }
}
