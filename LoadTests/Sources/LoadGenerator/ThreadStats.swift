/// What one room-path load thread counted. Mutated only on its own thread; merged after the
/// threads stop.
public struct ThreadStats: LoadStats {
    public var latency = LatencyHistogram()
    public var transit = LatencyHistogram()
    public var sendLag = LatencyHistogram()
    public var sent: UInt64 = 0
    /// sent × (room members − 1).
    public var expected: UInt64 = 0
    public var delivered: UInt64 = 0
    public var measuredDelivered: UInt64 = 0
    public var wrongRoom: UInt64 = 0
    /// A sequence number at or below one already seen from that sender (duplicate or reordered).
    public var duplicates: UInt64 = 0
    public var errors: UInt64 = 0
    public var connected: UInt64 = 0
    public var errorSamples: [String] = []

    public init() {}

    public mutating func merge(_ other: ThreadStats) {
        mergeShared(other)
        wrongRoom += other.wrongRoom
    }
}
