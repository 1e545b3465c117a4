import Care

/// A clock that only moves when a test says so.
struct FakeClock: CareClock {
    private(set) var current: Instant

    init(_ start: Instant = Instant(millisecondsSinceEpoch: 1_733_832_000_000)) {  // 2024-12-10 12:00 UTC
        current = start
    }

    func now() -> Instant { current }

    mutating func advance(seconds: Int64 = 0, minutes: Int64 = 0, days: Int = 0) {
        current = current.adding(milliseconds: (seconds + minutes * 60) * 1000).adding(days: days)
    }
}
