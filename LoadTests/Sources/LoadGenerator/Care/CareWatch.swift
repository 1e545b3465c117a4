#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Posix

/// How the main thread waits while the carewire load threads work: it polls the run's counters
/// (every 20 ms, or sooner to catch an edge of the measured window), prints progress once a
/// second, reads the server's CPU time at the window's edges, and stops waiting when a thread
/// stopped early or the run's overall deadline passed.
struct CareWatch {
    enum Stop: Error {
        case threadStopped
        case overdue
    }

    let control: RunControl<CareStats>
    let seats: Int
    let serverPID: Int32?
    let startedAt: UInt64
    /// The whole run's allowance: connecting and setup on top of the scenario's own time.
    let deadline: UInt64
    let progress: (String) -> Void
    /// Set once the window is known.
    var window: RunTiming?
    private(set) var serverAtStart: ProcessSample?
    private(set) var serverAtEnd: ProcessSample?
    private var nextReport: UInt64

    init(control: RunControl<CareStats>, seats: Int, serverPID: Int32?, allowance: Double, progress: @escaping (String) -> Void) {
        self.control = control
        self.seats = seats
        self.serverPID = serverPID
        self.progress = progress
        startedAt = ProcessResources.monotonicNanoseconds()
        deadline = startedAt + UInt64(allowance * 1e9)
        nextReport = startedAt + 1_000_000_000
    }

    /// Server CPU time over the measured window, once both edges were read.
    var serverCPUMicros: Int64? {
        guard let serverAtStart, let serverAtEnd else { return nil }
        return serverAtEnd.cpuMicros - serverAtStart.cpuMicros
    }

    /// Waits until `done` holds (true) or `until` passes (false).
    mutating func wait(until: UInt64, _ done: () -> Bool) throws(Stop) -> Bool {
        while true {
            let now = ProcessResources.monotonicNanoseconds()
            sampleServer(now: now)
            if control.threadsStopped.load(ordering: .acquiring) > 0 { throw .threadStopped }
            if done() { return true }
            if now >= deadline { throw .overdue }
            if now >= until { return false }
            if now >= nextReport {
                let p = CareProgress.load(from: control)
                progress("\(fmt(Double(now - startedAt) / 1e9)) s: \(p.connected)/\(seats) welcomed, sent \(p.sent), delivered \(p.delivered)/\(p.expected)")
                nextReport += 1_000_000_000
            }
            var wake = min(now + 20_000_000, until, deadline)
            if let window, serverPID != nil {
                for edge in [window.measureFrom, window.measureUntil] where edge > now { wake = min(wake, edge) }
            }
            usleep(UInt32(max(1_000, (wake - now) / 1_000)))
        }
    }

    private mutating func sampleServer(now: UInt64) {
        guard let pid = serverPID, let window else { return }
        if now >= window.measureFrom && serverAtStart == nil { serverAtStart = ProcessSample.read(pid: pid) }
        if now >= window.measureUntil && serverAtEnd == nil { serverAtEnd = ProcessSample.read(pid: pid) }
    }
}
