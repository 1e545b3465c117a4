#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import EventLoop
import Posix

/// A timerfd armed at absolute monotonic deadlines: the sender's clock. The loop's timer wheel
/// ticks in 50 ms and epoll_wait counts milliseconds, both far coarser than the latencies this
/// tool measures, so the schedule wakes epoll through its own descriptor instead.
final class PacingTimer: IOHandler {
    let fd: Int32
    private let fired: () -> Void

    init(fired: @escaping () -> Void) throws(Errno) {
        fd = try TimerFD.create()
        self.fired = fired
    }

    deinit { Descriptor.close(fd) }

    /// Fires once at `deadline` (monotonic ns); 0 disarms.
    func arm(at deadline: UInt64) {
        TimerFD.arm(fd, at: deadline)
    }

    func readable() {
        TimerFD.acknowledge(fd)
        fired()
    }

    /// Timer slack lets the kernel defer a wakeup by up to 50 µs by default; a pacer wants none.
    /// (procfs instead of prctl, which is variadic and so not callable from Swift.)
    static func removeTimerSlack() {
        ProcFile.write("/proc/thread-self/timerslack_ns", "1")
    }
}
