import Synchronization

/// The few numbers the main thread watches while load threads run: enough for progress lines,
/// the connect barrier and the drain check. Relaxed atomics; exact totals come from `ThreadStats`.
public final class RunControl: Sendable {
    public let connected = Atomic<Int>(0)
    public let failed = Atomic<Int>(0)
    /// Threads that finished connecting (successfully or not).
    public let threadsReady = Atomic<Int>(0)
    public let delivered = Atomic<UInt64>(0)
    public let expected = Atomic<UInt64>(0)
    public let sent = Atomic<UInt64>(0)
    /// Threads whose schedule is over.
    public let threadsDoneSending = Atomic<Int>(0)
    /// The measured window (monotonic ns, 0 until a carewire scenario's schedule exists), so the
    /// main thread can read the server's CPU time at its edges.
    public let measureFrom = Atomic<UInt64>(0)
    public let measureUntil = Atomic<UInt64>(0)
    private let reports = Mutex<[ThreadStats]>([])

    public init() {}

    func submit(_ stats: ThreadStats) {
        reports.withLock { $0.append(stats) }
    }

    /// Everything the threads submitted, merged.
    public func merged() -> ThreadStats {
        reports.withLock { all in
            var total = ThreadStats()
            for stats in all { total.merge(stats) }
            return total
        }
    }
}
