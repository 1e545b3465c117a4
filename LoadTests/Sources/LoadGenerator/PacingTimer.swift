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
///
/// Swift's Glibc module does not export <sys/timerfd.h>, and Posix does not wrap timerfd yet, so
/// the two calls are looked up with dlsym (they are plain libc functions; no C target needed).
final class PacingTimer: IOHandler {
    private typealias Create = @convention(c) (Int32, Int32) -> Int32
    private typealias SetTime = @convention(c) (Int32, Int32, UnsafePointer<itimerspec>?, UnsafeMutablePointer<itimerspec>?) -> Int32
    private static let create = dlsym(nil, "timerfd_create").map { unsafeBitCast($0, to: Create.self) }
    private static let setTime = dlsym(nil, "timerfd_settime").map { unsafeBitCast($0, to: SetTime.self) }

    let fd: Int32
    private let fired: () -> Void

    init(fired: @escaping () -> Void) throws(Errno) {
        // TFD_NONBLOCK | TFD_CLOEXEC
        guard let create = Self.create, Self.setTime != nil else { throw Errno(code: ENOSYS, function: "timerfd_create") }
        let fd = create(CLOCK_MONOTONIC, 0o4000 | 0o2000000)
        guard fd >= 0 else { throw Errno(code: errno, function: "timerfd_create") }
        self.fd = fd
        self.fired = fired
    }

    deinit { Descriptor.close(fd) }

    /// Fires once at `deadline` (monotonic ns); 0 disarms.
    func arm(at deadline: UInt64) {
        var spec = itimerspec()
        // A zero it_value disarms, so a deadline in the past is nudged to 1 ns (fires at once).
        let at = max(deadline, 1)
        spec.it_value.tv_sec = deadline == 0 ? 0 : Int(at / 1_000_000_000)
        spec.it_value.tv_nsec = deadline == 0 ? 0 : Int(at % 1_000_000_000)
        _ = Self.setTime!(fd, 1 /* TFD_TIMER_ABSTIME */, &spec, nil)
    }

    func readable() {
        var expirations: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &expirations) { Glibc.read(fd, $0.baseAddress, 8) }
        fired()
    }

    /// Timer slack lets the kernel defer a wakeup by up to 50 µs by default; a pacer wants none.
    /// (procfs instead of prctl, which is variadic and so not callable from Swift.)
    static func removeTimerSlack() {
        ProcFile.write("/proc/thread-self/timerslack_ns", "1")
    }
}
