/// The client's side of the server's per-connection command limit (20/s sustained, bursts of
/// 60): a token bucket a little below it, so setup commands are paced instead of drawing
/// `rate_limited`, however many of them a scenario issues on one connection.
public struct CommandBudget: Sendable, Equatable {
    public let perSecond: Double
    public let burst: Double
    private var tokens: Double
    private var refilledAt: UInt64?

    public init(perSecond: Double = 16, burst: Double = 40) {
        precondition(perSecond > 0 && burst >= 1)
        self.perSecond = perSecond
        self.burst = burst
        tokens = burst
    }

    /// Takes one token if there is one at `now` (monotonic ns).
    public mutating func take(now: UInt64) -> Bool {
        if let refilledAt, now > refilledAt {
            tokens = min(burst, tokens + Double(now - refilledAt) * perSecond / 1e9)
        }
        refilledAt = max(refilledAt ?? now, now)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
