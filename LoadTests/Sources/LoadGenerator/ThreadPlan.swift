import Posix

/// Everything a load thread needs to know before it starts, handed across as one value.
public struct ThreadPlan: Sendable {
    public var index: Int
    public var layout: RoomLayout
    public var address: SocketAddress
    public var host: String
    /// Unique per run, so runs against a long-lived server never share a room.
    public var roomPrefix: String
    /// Source addresses to bind, round-robin by member (empty: let the kernel choose).
    public var sources: [SocketAddress]
    public var messageBytes: Int
    /// Handshakes in flight at once per thread: enough to connect fast, few enough not to
    /// overflow the server's accept backlog.
    public var connectWindow = 64

    public func path(ofRoom room: Int) -> String { "/r/\(roomPrefix)-\(room)" }
}

/// The send window of one run, in monotonic nanoseconds, posted to every thread at once.
public struct RunTiming: Sendable {
    public var start: UInt64
    /// Messages scheduled in [measureFrom, measureUntil) are measured; earlier ones are warm-up.
    public var measureFrom: UInt64
    public var measureUntil: UInt64
    public var ratePerPublisher: Double

    public init(start: UInt64, warmupNanoseconds: UInt64, durationNanoseconds: UInt64, ratePerPublisher: Double) {
        self.start = start
        measureFrom = start + warmupNanoseconds
        measureUntil = measureFrom + durationNanoseconds
        self.ratePerPublisher = ratePerPublisher
    }

    public func isMeasured(_ scheduled: UInt64) -> Bool { scheduled >= measureFrom && scheduled < measureUntil }
}

public enum ThreadCommand: Sendable {
    case start(RunTiming)
    /// Close every connection, submit the stats and end the thread.
    case finish
}
