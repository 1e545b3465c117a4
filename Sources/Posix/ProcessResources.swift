#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSystemShims

/// What this process uses and may use: memory, CPU time, descriptors, cores.
public enum ProcessResources {
    public static var residentBytes: Int { Int(cw_rss_bytes()) }
    public static var cpuMicroseconds: Int64 { Int64(cw_cpu_micros()) }
    /// malloc's bytes in use and bytes held from the kernel (glibc `mallinfo2`).
    public static var heapBytes: (inUse: Int, held: Int) {
        var inUse: Int64 = 0, held: Int64 = 0
        cw_heap_bytes(&inUse, &held)
        return (Int(inUse), Int(held))
    }
    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Raises the soft descriptor limit to the hard limit; returns the limit now in force.
    @discardableResult
    public static func raiseDescriptorLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(clamping: limit.rlim_cur)
    }

    /// Monotonic nanoseconds: never jumps with the wall clock.
    @inline(__always)
    public static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// Sleeps the calling thread (start-up waits only; never on a loop thread).
    public static func sleep(milliseconds: Int) {
        var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }

    /// Wall-clock seconds since 1970 (for logs and HTTP dates only, never for ordering).
    public static func wallClockSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
