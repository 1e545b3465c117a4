/// The counts a carewire load thread shows the main thread: its own share when a thread
/// publishes (each tick adds what changed since its last one to the run's atomics), the sum over
/// threads when the main thread loads them.
struct CareProgress: Equatable {
    var connected = 0
    var sent: UInt64 = 0
    /// Including the queue's `queue.removed` ones.
    var delivered: UInt64 = 0
    var expected: UInt64 = 0
    var pending = 0
    var created = 0
    var accepted = 0
    var reconnected = 0

    /// Adds what changed since `last` (a thread's previous publication). `pending` goes last and
    /// releases, so whoever acquires it also sees the counts published with it.
    func publish(since last: CareProgress, to control: RunControl<CareStats>) {
        guard self != last else { return }
        _ = control.connected.wrappingAdd(connected &- last.connected, ordering: .relaxed)
        _ = control.sent.wrappingAdd(sent &- last.sent, ordering: .relaxed)
        _ = control.delivered.wrappingAdd(delivered &- last.delivered, ordering: .relaxed)
        _ = control.expected.wrappingAdd(expected &- last.expected, ordering: .relaxed)
        _ = control.created.wrappingAdd(created &- last.created, ordering: .relaxed)
        _ = control.accepted.wrappingAdd(accepted &- last.accepted, ordering: .relaxed)
        _ = control.reconnected.wrappingAdd(reconnected &- last.reconnected, ordering: .relaxed)
        _ = control.pending.wrappingAdd(pending &- last.pending, ordering: .releasing)
    }

    /// The run's totals.
    static func load(from control: RunControl<CareStats>) -> CareProgress {
        let pending = control.pending.load(ordering: .acquiring)
        return CareProgress(
            connected: control.connected.load(ordering: .relaxed), sent: control.sent.load(ordering: .relaxed),
            delivered: control.delivered.load(ordering: .relaxed), expected: control.expected.load(ordering: .relaxed),
            pending: pending, created: control.created.load(ordering: .relaxed),
            accepted: control.accepted.load(ordering: .relaxed), reconnected: control.reconnected.load(ordering: .relaxed))
    }

    /// Nothing unanswered, every expected delivery in, every created visit accepted.
    var isSettled: Bool { pending == 0 && delivered >= expected && created == accepted }
}
