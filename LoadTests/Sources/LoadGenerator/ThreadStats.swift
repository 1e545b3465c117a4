/// What one load thread counted. Mutated only on its own thread; merged after the threads stop.
public struct ThreadStats: Sendable {
    /// Scheduled → received, for messages scheduled inside the measured window.
    public var latency = LatencyHistogram()
    /// Actually sent → received: the part of the latency the sender's own lag does not explain.
    public var transit = LatencyHistogram()
    /// Actually sent − scheduled, at the publisher, for measured messages.
    public var sendLag = LatencyHistogram()
    public var sent: UInt64 = 0
    /// Deliveries the plan expects for what was sent: sent × (room members − 1).
    public var expected: UInt64 = 0
    public var delivered: UInt64 = 0
    /// Deliveries of messages scheduled inside the measured window.
    public var measuredDelivered: UInt64 = 0
    public var wrongRoom: UInt64 = 0
    /// A sequence number at or below one already seen from that sender (duplicate or reordered).
    public var duplicates: UInt64 = 0
    /// Connect, handshake, protocol and decode failures, and connections the server closed.
    public var errors: UInt64 = 0
    public var connected: UInt64 = 0
    /// The first few error descriptions, for the summary.
    public var errorSamples: [String] = []

    public init() {}

    public mutating func error(_ description: String) {
        errors += 1
        if errorSamples.count < 5 { errorSamples.append(description) }
    }

    public mutating func merge(_ other: ThreadStats) {
        latency.merge(other.latency)
        transit.merge(other.transit)
        sendLag.merge(other.sendLag)
        sent += other.sent
        expected += other.expected
        delivered += other.delivered
        measuredDelivered += other.measuredDelivered
        wrongRoom += other.wrongRoom
        duplicates += other.duplicates
        errors += other.errors
        connected += other.connected
        for sample in other.errorSamples where errorSamples.count < 5 { errorSamples.append(sample) }
    }
}
