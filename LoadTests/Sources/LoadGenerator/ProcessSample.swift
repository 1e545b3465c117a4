#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// CPU time and resident memory of a process (the server under test, or this one), read from
/// /proc/PID/stat (utime + stime, fields 14 and 15) and /proc/PID/status (VmRSS).
public struct ProcessSample: Sendable {
    /// User + system CPU time, in microseconds (clock-tick resolution, usually 10 ms).
    public var cpuMicros: Int64
    public var residentBytes: Int64

    public static func read(pid: Int32) -> ProcessSample? {
        guard let stat = ProcFile.read("/proc/\(pid)/stat"), let status = ProcFile.read("/proc/\(pid)/status") else {
            return nil
        }
        // The command name (field 2) may hold spaces and parentheses: split after its last ")".
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state), so utime (14) and stime (15) are fields[11] and [12].
        guard fields.count > 12, let user = Int64(fields[11]), let system = Int64(fields[12]) else { return nil }
        let ticks = Int64(sysconf(Int32(_SC_CLK_TCK)))
        var rssKiB: Int64 = 0
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            rssKiB = Int64(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return ProcessSample(cpuMicros: (user + system) * 1_000_000 / max(ticks, 1), residentBytes: rssKiB * 1024)
    }

    public static var current: ProcessSample? { read(pid: getpid()) }
}
