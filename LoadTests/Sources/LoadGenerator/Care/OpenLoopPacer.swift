import EventLoop
import Posix

/// A carewire thread's open-loop sender: its share of a `SendSchedule` on a `PacingTimer`. When
/// the timer fires it sends everything due (a late sender catches up in one burst, the schedule
/// never slips), re-arms for the next send, and says when the schedule is over.
final class OpenLoopPacer {
    typealias Send = (_ slot: Int, _ sequence: UInt32, _ scheduled: UInt64) -> Void
    private var timer: PacingTimer!
    private var schedule: SendSchedule?
    private var send: Send?
    private var over: (() -> Void)?

    init(loop: EventLoop) throws(Errno) {
        timer = try PacingTimer { [unowned self] in fired() }
        _ = try loop.register(timer.fd, interest: .readable, handler: timer)
    }

    /// Calls `send(slot, sequence, scheduled)` for `publishers` (ascending global indices among
    /// `publisherCount`, so every thread's senders keep their phase in the whole run's stream),
    /// then `over` (at once when there are none).
    func start(_ timing: RunTiming, publishers: [Int], of publisherCount: Int, send: @escaping Send, over: @escaping () -> Void) {
        guard !publishers.isEmpty else { return over() }
        schedule = SendSchedule(
            start: timing.start, end: timing.measureUntil, ratePerPublisher: timing.ratePerPublisher,
            publishers: publishers, publisherCount: publisherCount)
        self.send = send
        self.over = over
        timer.arm(at: timing.start)
    }

    private func fired() {
        guard var schedule, let send, let over else { return }
        schedule.takeDue(now: ProcessResources.monotonicNanoseconds(), send)
        self.schedule = schedule
        if let next = schedule.nextDeadline { return timer.arm(at: next) }
        self.schedule = nil
        self.send = nil
        self.over = nil
        over()
    }
}
