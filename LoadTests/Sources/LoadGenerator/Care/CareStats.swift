/// What a carewire scenario counted. Each scenario fills the part that applies to it; the
/// histograms' meaning per scenario is in `CareResult`'s labels.
public struct CareStats: LoadStats {
    /// clinic: scheduled send → `visit.event` at another subscriber; queue: scheduled create →
    /// `queue.added` at a watcher; storm: reconnect → welcome and caught up, per patient.
    public var latency = LatencyHistogram()
    /// clinic: send → `ack` (after the commit); queue: `visit.accept` sent → `queue.removed`.
    public var second = LatencyHistogram()
    public var transit = LatencyHistogram()
    public var sendLag = LatencyHistogram()
    public var sent: UInt64 = 0
    public var acked: UInt64 = 0
    public var expected: UInt64 = 0
    public var delivered: UInt64 = 0
    public var measuredDelivered: UInt64 = 0
    /// queue: `queue.removed` expected and received (the `queue.added` ones are above).
    public var secondExpected: UInt64 = 0
    public var secondDelivered: UInt64 = 0
    /// Events a receiver's seq skipped (storm: also events never caught up after the resume).
    public var missed: UInt64 = 0
    public var duplicates: UInt64 = 0
    public var wrongVisit: UInt64 = 0
    /// `error` events by code (`rate_limited`, `busy`, ...).
    public var errorCodes: [String: UInt64] = [:]
    /// Transport and decode failures, connections the server closed.
    public var errors: UInt64 = 0
    public var errorSamples: [String] = []
    public var connected: UInt64 = 0
    public var connectFailures: UInt64 = 0
    public var connectSeconds = 0.0
    /// Visits created, accepted, started and opened (clinic, storm) or queues subscribed (queue).
    public var setupSeconds = 0.0
    /// storm: patients back (welcomed and caught up) and the time until the last one was.
    public var reconnected: UInt64 = 0
    public var allBackSeconds = 0.0
    /// The scenario did not reach its end (setup failed or the overall deadline passed).
    public var incomplete: String?

    public init() {}

    public var errorEvents: UInt64 { errorCodes.values.reduce(0, +) }
    public var lost: Int64 { Int64(expected) - Int64(delivered) }
    public var secondLost: Int64 { Int64(secondExpected) - Int64(secondDelivered) }

    public mutating func errorEvent(code: String, _ description: String) {
        errorCodes[code, default: 0] += 1
        sample(description)
    }

    /// Sums counts; phase times are the slowest thread's (they all started together).
    public mutating func merge(_ other: CareStats) {
        mergeShared(other)
        second.merge(other.second)
        acked += other.acked
        secondExpected += other.secondExpected
        secondDelivered += other.secondDelivered
        missed += other.missed
        wrongVisit += other.wrongVisit
        errorCodes.merge(other.errorCodes, uniquingKeysWith: +)
        connectFailures += other.connectFailures
        reconnected += other.reconnected
        connectSeconds = max(connectSeconds, other.connectSeconds)
        setupSeconds = max(setupSeconds, other.setupSeconds)
        allBackSeconds = max(allBackSeconds, other.allBackSeconds)
        incomplete = incomplete ?? other.incomplete
    }
}
