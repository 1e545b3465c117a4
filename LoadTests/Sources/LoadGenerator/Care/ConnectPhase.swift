/// Counts a scenario's first connections until every one is welcomed or failed.
struct ConnectPhase {
    let total: Int
    let startedAt: UInt64
    private(set) var welcomed = 0
    private(set) var failed = 0

    init(total: Int, startedAt: UInt64) {
        self.total = total
        self.startedAt = startedAt
    }

    /// True once, when the last connection settles.
    mutating func settle(welcomed ok: Bool) -> Bool {
        if ok { welcomed += 1 } else { failed += 1 }
        return welcomed + failed == total
    }

    func seconds(at now: UInt64) -> Double { Double(now - startedAt) / 1e9 }
}
