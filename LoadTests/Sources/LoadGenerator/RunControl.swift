import Synchronization

/// The few numbers the main thread watches while load threads run: enough for progress lines,
/// the barriers and the drain check. Relaxed atomics, except where a barrier must also publish
/// what came before it; exact totals come from the `Stats` each thread submits at its end.
public final class RunControl<Stats: LoadStats>: Sendable {
    public let connected = Atomic<Int>(0)
    public let failed = Atomic<Int>(0)
    /// Threads that finished connecting (successfully or not); carewire: and setting up.
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
    private let reports = Mutex<[Stats]>([])

    public init() {}

    func submit(_ stats: Stats) {
        reports.withLock { $0.append(stats) }
    }

    /// What each thread submitted, in the order they did.
    public func submitted() -> [Stats] { reports.withLock { $0 } }

    /// Everything the threads submitted, merged.
    public func merged() -> Stats {
        var total = Stats()
        for stats in submitted() { total.merge(stats) }
        return total
    }
}
