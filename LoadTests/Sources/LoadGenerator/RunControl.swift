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
    /// carewire (see `CareProgress`): commands not answered yet, the queue's visits created and
    /// accepted, the storm's patients back, and threads that stopped early (an abort).
    public let pending = Atomic<Int>(0)
    public let created = Atomic<Int>(0)
    public let accepted = Atomic<Int>(0)
    public let reconnected = Atomic<Int>(0)
    public let threadsStopped = Atomic<Int>(0)
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
