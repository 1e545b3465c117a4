#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import EventLoop
import Posix
import Synchronization

/// One carewire scenario run: the load thread connects, sets up and measures on its own; this
/// (main) thread prints progress and enforces an overall deadline.
public struct CareRun {
    public let config: LoadConfiguration
    private let progress: (String) -> Void

    public init(config: LoadConfiguration, progress: @escaping (String) -> Void) {
        self.config = config
        self.progress = progress
    }

    public func execute() throws(UsageError) -> CareResult {
        let settings = config.careSettings
        let prefix = "lg\(getpid())x\(ProcessResources.monotonicNanoseconds() % 1_000_000_000)"
        let tokens = CareTokens(secret: config.tokenSecret, runPrefix: prefix)
        let logic: CareScenarioLogic
        let seatTokens: [String]
        switch config.scenario {
        case .queue:
            let queue = QueueScenario(settings: settings, runTag: UInt32(truncatingIfNeeded: ProcessResources.monotonicNanoseconds() / 1000))
            seatTokens = (0..<queue.seatCount).map { queue.isPatient($0) ? tokens.patient($0) : tokens.staff($0) }
            logic = queue
        case .storm:
            let storm = StormScenario(settings: settings)
            seatTokens = Self.tokens(storm.layout, tokens)
            logic = storm
        default:
            let clinic = ClinicScenario(settings: settings)
            seatTokens = Self.tokens(clinic.layout, tokens)
            logic = clinic
        }
        let limit = ProcessResources.raiseDescriptorLimit()
        guard seatTokens.count + 64 <= limit else {
            throw UsageError("\(seatTokens.count) connections need more descriptors than RLIMIT_NOFILE allows (\(limit))")
        }
        let mailbox: Mailbox<ThreadCommand>
        do { mailbox = try Mailbox<ThreadCommand>() } catch { throw UsageError("eventfd: \(error)") }
        let control = RunControl<CareStats>()
        let outcome = CareOutcome()
        let started = ProcessResources.monotonicNanoseconds()
        let thread = CareDriver.spawn(
            address: config.address, host: config.host, tokens: seatTokens, logic: logic, control: control,
            mailbox: mailbox, outcome: outcome)
        // Connecting and setup get a generous allowance on top of the scenario's own time.
        let allowance = 60 + Double(seatTokens.count) / 50 + config.warmup + config.duration + config.drain + config.away
        let deadline = started + UInt64(allowance * 1e9)
        var aborted = false
        var nextReport = started + 1_000_000_000
        // Server CPU over the measured window, read at its edges (within this loop's 20 ms).
        var serverAtStart: ProcessSample?, serverAtEnd: ProcessSample?
        while control.threadsDoneSending.load(ordering: .relaxed) == 0 {
            let now = ProcessResources.monotonicNanoseconds()
            if now >= deadline && !aborted {
                aborted = true
                mailbox.post(.finish)
            }
            if let pid = config.serverPID {
                let from = control.measureFrom.load(ordering: .relaxed), until = control.measureUntil.load(ordering: .relaxed)
                if from != 0 && now >= from && serverAtStart == nil { serverAtStart = ProcessSample.read(pid: pid) }
                if until != 0 && now >= until && serverAtEnd == nil { serverAtEnd = ProcessSample.read(pid: pid) }
            }
            if now >= nextReport {
                progress("\(fmt(Double(now - started) / 1e9)) s: \(control.connected.load(ordering: .relaxed))/\(seatTokens.count) welcomed, sent \(control.sent.load(ordering: .relaxed)), delivered \(control.delivered.load(ordering: .relaxed))/\(control.expected.load(ordering: .relaxed))")
                nextReport += 1_000_000_000
            }
            usleep(20_000)
        }
        thread.join()
        let stats = outcome.stats.withLock { $0 } ?? CareStats()
        var result = CareResult(config: config, connections: seatTokens.count, stats: stats)
        if let before = serverAtStart, let after = serverAtEnd { result.serverCPUMicros = after.cpuMicros - before.cpuMicros }
        return result
    }

    static func tokens(_ layout: CareLayout, _ tokens: CareTokens) -> [String] {
        // One token per person, shared by their devices.
        var cache: [String: String] = [:]
        return layout.seats.map { seat in
            let key = "\(seat.kind)\(seat.person)"
            if let token = cache[key] { return token }
            let token = seat.kind == .patient ? tokens.patient(seat.person) : tokens.staff(seat.person)
            cache[key] = token
            return token
        }
    }
}
