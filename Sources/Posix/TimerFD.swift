#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSystemShims

/// timerfd(2) on the monotonic clock: a descriptor that becomes readable at a deadline with
/// nanosecond resolution (epoll_wait's timeout counts milliseconds). For pacing, not for the
/// server's coarse connection deadlines, which the timer wheel handles.
public enum TimerFD {
    public static func create() throws(Errno) -> Int32 {
        try blockingSyscall("timerfd_create") {
            timerfd_create(CLOCK_MONOTONIC, Int32(TFD_NONBLOCK) | Int32(TFD_CLOEXEC))
        }
    }

    /// Fires once at `deadline` (monotonic nanoseconds); 0 disarms. A deadline already past fires at once.
    public static func arm(_ fd: Int32, at deadline: UInt64) {
        var spec = itimerspec()
        if deadline != 0 {
            // A zero it_value would disarm, so the earliest deadline is 1 ns.
            let at = max(deadline, 1)
            spec.it_value.tv_sec = Int(at / 1_000_000_000)
            spec.it_value.tv_nsec = Int(at % 1_000_000_000)
        }
        _ = timerfd_settime(fd, Int32(TFD_TIMER_ABSTIME), &spec, nil)
    }

    /// Reads the expiration count so the descriptor stops being readable.
    public static func acknowledge(_ fd: Int32) {
        var expirations: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &expirations) { Glibc.read(fd, $0.baseAddress, 8) }
    }
}
