#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import EventLoop
import Posix

/// One room-path run: connect everyone, send on schedule, drain, collect. The main thread only
/// orchestrates and prints progress; the load threads do all the I/O.
public struct RoomPathRun {
    public let config: LoadConfiguration
    /// The total rate for this run (for `max`, the step's rate).
    public let rate: Double
    public let label: String
    private let progress: (String) -> Void

    public init(config: LoadConfiguration, rate: Double, label: String, progress: @escaping (String) -> Void) {
        self.config = config
        self.rate = rate
        self.label = label
        self.progress = progress
    }

    public func execute() throws(UsageError) -> RunResult {
        let limit = ProcessResources.raiseDescriptorLimit()
        guard config.connections + 64 <= limit else {
            throw UsageError("\(config.connections) connections need more descriptors than RLIMIT_NOFILE allows (\(limit))")
        }
        let isIdle = config.scenario == .connections
        let layout = RoomLayout(
            connections: config.connections, roomSize: config.roomSize, threads: config.threads, publishersPerRoom: isIdle ? 0 : 1)
        let control = RunControl<ThreadStats>()
        var mailboxes: [Mailbox<ThreadCommand>] = []
        for _ in 0..<config.threads {
            do { mailboxes.append(try Mailbox<ThreadCommand>()) } catch { throw UsageError("eventfd: \(error)") }
        }
        let serverBaseline = config.serverPID.flatMap(ProcessSample.read(pid:))
        if config.serverPID != nil && serverBaseline == nil { throw UsageError("cannot read /proc/\(config.serverPID!)/stat") }
        let prefix = "load\(getpid())x\(ProcessResources.monotonicNanoseconds() % 1_000_000_000)"
        let connectStart = ProcessResources.monotonicNanoseconds()
        let threads = (0..<config.threads).map { index in
            LoadThread.spawn(
                ThreadPlan(
                    index: index, layout: layout, address: config.address, host: config.host, roomPrefix: prefix,
                    sources: config.sources, messageBytes: config.messageBytes),
                control: control, mailbox: mailboxes[index])
        }
        let finishAll = {
            for mailbox in mailboxes { mailbox.post(.finish) }
            for thread in threads { thread.join() }
        }

        // Connect: wait for every thread to settle all its connections, with a generous deadline.
        let connectDeadline = connectStart + UInt64(30 + config.connections / 200) * 1_000_000_000
        wait(until: connectDeadline, every: 1) { () -> Bool in
            control.threadsReady.load(ordering: .relaxed) == config.threads
        } report: {
            "connecting: \(control.connected.load(ordering: .relaxed))/\(config.connections), \(control.failed.load(ordering: .relaxed)) failed"
        }
        let connectSeconds = Double(ProcessResources.monotonicNanoseconds() - connectStart) / 1e9
        let connectFailures = config.connections - control.connected.load(ordering: .relaxed)
        progress("connected \(control.connected.load(ordering: .relaxed))/\(config.connections) in \(fmt(connectSeconds)) s")

        var result = RunResult(
            label: label, scenario: config.scenario, url: config.url, connections: config.connections,
            roomSize: config.roomSize, rooms: layout.roomCount, publishers: layout.publisherCount, rate: isIdle ? 0 : rate,
            warmup: isIdle ? 0 : config.warmup, duration: config.duration, messageBytes: config.messageBytes,
            threads: config.threads, stats: ThreadStats(), connectFailures: connectFailures, connectSeconds: connectSeconds)
        result.serverBaselineRSSBytes = isIdle ? serverBaseline?.residentBytes : nil

        if isIdle {
            // Hold the idle connections; RSS is read at the end, after the server has settled.
            let clientBefore = ProcessResources.cpuMicroseconds
            sleepUntil(ProcessResources.monotonicNanoseconds() + UInt64(config.duration * 1e9))
            result.clientCPUMicros = ProcessResources.cpuMicroseconds - clientBefore
            result.serverRSSBytes = config.serverPID.flatMap(ProcessSample.read(pid:))?.residentBytes
            finishAll()
            result.stats = control.merged()
            return result
        }

        // Send: every thread gets the same timing; the window starts shortly after, so the
        // start command has reached every loop before the first message is due.
        let timing = RunTiming(
            start: ProcessResources.monotonicNanoseconds() + 100_000_000, warmupNanoseconds: UInt64(config.warmup * 1e9),
            durationNanoseconds: UInt64(config.duration * 1e9), ratePerPublisher: rate / Double(max(layout.publisherCount, 1)))
        for mailbox in mailboxes { mailbox.post(.start(timing)) }
        var lastDelivered: UInt64 = 0
        var lastTime = ProcessResources.monotonicNanoseconds()
        let progressLine = { () -> String in
            let now = ProcessResources.monotonicNanoseconds()
            let delivered = control.delivered.load(ordering: .relaxed)
            let perSecond = Double(delivered - lastDelivered) * 1e9 / Double(max(now - lastTime, 1))
            let elapsed = now > timing.start ? Double(now - timing.start) / 1e9 : 0
            let phase = now < timing.measureFrom ? "warm-up" : now < timing.measureUntil ? "measuring" : "draining"
            let backlog = Int64(control.expected.load(ordering: .relaxed)) - Int64(delivered)
            lastDelivered = delivered
            lastTime = now
            return "\(phase) \(fmt(elapsed)) s: \(fmt(perSecond)) deliveries/s, backlog \(backlog)"
        }
        wait(until: timing.measureFrom, every: 1, done: { false }, report: progressLine)
        let clientBefore = ProcessResources.cpuMicroseconds
        let serverBefore = config.serverPID.flatMap(ProcessSample.read(pid:))
        wait(until: timing.measureUntil, every: 1, done: { false }, report: progressLine)
        result.clientCPUMicros = ProcessResources.cpuMicroseconds - clientBefore
        if let before = serverBefore, let after = config.serverPID.flatMap(ProcessSample.read(pid:)) {
            result.serverCPUMicros = after.cpuMicros - before.cpuMicros
            result.serverRSSBytes = after.residentBytes
        }

        // Drain: wait for deliveries still in flight, up to the deadline.
        let drainDeadline = timing.measureUntil + UInt64(config.drain * 1e9)
        result.drainTimedOut = !wait(until: drainDeadline, every: 1) { () -> Bool in
            control.threadsDoneSending.load(ordering: .relaxed) == config.threads
                && control.delivered.load(ordering: .relaxed) >= control.expected.load(ordering: .relaxed)
        } report: { progressLine() }
        finishAll()
        result.stats = control.merged()
        return result
    }

    /// Polls `done` every 5 ms until it holds or `deadline` passes; reports every
    /// `every` seconds. Returns whether `done` held. (The main thread only watches; polling
    /// keeps it off the load threads' paths.)
    @discardableResult
    private func wait(until deadline: UInt64, every seconds: Double, done: () -> Bool, report: () -> String) -> Bool {
        var nextReport = ProcessResources.monotonicNanoseconds() + UInt64(seconds * 1e9)
        while true {
            if done() { return true }
            let now = ProcessResources.monotonicNanoseconds()
            if now >= deadline { return false }
            if now >= nextReport {
                progress(report())
                nextReport += UInt64(seconds * 1e9)
            }
            usleep(UInt32(min(5_000, (deadline - now) / 1_000)))
        }
    }

    private func sleepUntil(_ deadline: UInt64) {
        wait(until: deadline, every: 1, done: { false }) { "holding \(config.connections) idle connections" }
    }
}
