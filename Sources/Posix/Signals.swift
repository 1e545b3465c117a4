#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Process signals handled synchronously: block them in every thread, then `wait` in one.
public enum Signals {
    /// Call before starting any thread, so that threads inherit the mask (SIGINT, SIGTERM and
    /// SIGHUP: a hang-up no longer ends the process, `waitForTermination` handles it).
    /// SIGPIPE is ignored: a write to a closed peer must be an EPIPE, not a dead process.
    public static func blockTermination() {
        signal(SIGPIPE, SIG_IGN)
        var set = terminationSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Blocks until SIGINT or SIGTERM arrives; returns its number. Each SIGHUP meanwhile calls
    /// `onHangUp` on this thread (the operator's "read your configuration again").
    public static func waitForTermination(onHangUp: () -> Void = {}) -> Int32 {
        var set = terminationSet()
        var received: Int32 = 0
        while true {
            guard sigwait(&set, &received) == 0 else { continue }
            if received == SIGHUP {
                onHangUp()
                continue
            }
            return received
        }
    }

    private static func terminationSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGHUP)
        return set
    }
}
