/// What every load thread counts, whichever protocol it speaks: sends, deliveries, the three
/// latency histograms and errors. Each thread fills its own; `RunControl` merges them once the
/// threads have stopped (no sharing on the hot path).
public protocol LoadStats: Sendable {
    init()
    /// Scheduled → received, for messages scheduled inside the measured window.
    var latency: LatencyHistogram { get set }
    /// Actually sent → received: the part of the latency the sender's own lag does not explain.
    var transit: LatencyHistogram { get set }
    /// Actually sent − scheduled, at the publisher, for measured messages.
    var sendLag: LatencyHistogram { get set }
    var sent: UInt64 { get set }
    /// Deliveries the plan expects for what was sent.
    var expected: UInt64 { get set }
    var delivered: UInt64 { get set }
    /// Deliveries of messages scheduled inside the measured window.
    var measuredDelivered: UInt64 { get set }
    /// Something seen twice, or out of order.
    var duplicates: UInt64 { get set }
    /// Connect, handshake, protocol and decode failures, and connections the server closed.
    var errors: UInt64 { get set }
    var connected: UInt64 { get set }
    /// The first few error descriptions, for the summary.
    var errorSamples: [String] { get set }
    /// Adds another thread's counts (`mergeShared` plus the type's own).
    mutating func merge(_ other: Self)
}

extension LoadStats {
    public mutating func error(_ description: String) {
        errors += 1
        sample(description)
    }

    /// Keeps a description for the summary, the first five only.
    mutating func sample(_ description: String) {
        if errorSamples.count < 5 { errorSamples.append(description) }
    }

    /// Adds the counts every load thread keeps.
    mutating func mergeShared(_ other: Self) {
        latency.merge(other.latency)
        transit.merge(other.transit)
        sendLag.merge(other.sendLag)
        sent += other.sent
        expected += other.expected
        delivered += other.delivered
        measuredDelivered += other.measuredDelivered
        duplicates += other.duplicates
        errors += other.errors
        connected += other.connected
        for description in other.errorSamples { sample(description) }
    }
}
