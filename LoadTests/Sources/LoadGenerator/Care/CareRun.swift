import EventLoop
import Posix

/// One carewire scenario run over `--threads` load threads, each with its own event loop and its
/// share of the visits (or watchers and patients). The threads connect and set up on their own;
/// this (main) thread starts the phases that span threads once every thread is ready for them,
/// decides when the run has drained, prints progress, and merges the threads' stats.
public struct CareRun {
    public let config: LoadConfiguration
    private let progress: (String) -> Void
    /// The drain's quiet period: the totals must hold still this long (several ticks of every
    /// thread), so counts one thread has not published yet cannot make the run look drained.
    static let quietNanoseconds: UInt64 = 250_000_000

    public init(config: LoadConfiguration, progress: @escaping (String) -> Void) {
        self.config = config
        self.progress = progress
    }

    public func execute() throws(UsageError) -> CareResult {
        let plan = CarePlan(config)
        let threads = config.threads
        let limit = ProcessResources.raiseDescriptorLimit()
        guard plan.tokens.count + 64 <= limit else {
            throw UsageError("\(plan.tokens.count) connections need more descriptors than RLIMIT_NOFILE allows (\(limit))")
        }
        var mailboxes: [Mailbox<CareCommand>] = []
        for _ in 0..<threads {
            do { mailboxes.append(try Mailbox<CareCommand>()) } catch { throw UsageError("eventfd: \(error)") }
        }
        let control = RunControl<CareStats>()
        // Connecting and setup get a generous allowance on top of the scenario's own time.
        let allowance = 60 + Double(plan.tokens.count) / 50 + config.warmup + config.duration + config.drain + config.away
        var watch = CareWatch(control: control, seats: plan.tokens.count, serverPID: config.serverPID, allowance: allowance, progress: progress)
        var drivers: [Thread] = []
        for index in 0..<threads {
            let seats = plan.seatsOfThread[index].map { (seat: $0, token: plan.tokens[$0]) }
            let threadPlan = CareThreadPlan(
                index: index, address: config.address, host: config.host, seats: seats, seatCount: plan.tokens.count,
                connectWindow: max(1, 64 / threads))
            drivers.append(CareDriver.spawn(threadPlan, logic: { plan.makeLogic(index) }, control: control, mailbox: mailboxes[index]))
        }
        let reason: String?
        do {
            try conduct(plan, control: control, mailboxes: mailboxes, watch: &watch)
            reason = nil
        } catch .overdue {
            reason = "stopped at the overall deadline"
        } catch {
            reason = nil  // the thread that stopped says why in its stats
        }
        for mailbox in mailboxes { mailbox.post(.finish(incomplete: reason)) }
        for driver in drivers { driver.join() }
        var stats = control.merged()
        plan.finalize(&stats)
        var result = CareResult(config: config, connections: plan.tokens.count, stats: stats)
        result.perThread = control.submitted()
        result.serverCPUMicros = watch.serverCPUMicros
        return result
    }

    /// The phases that span threads: everyone set up, the common window, drained (the storm:
    /// everyone back, then a short grace for late duplicates).
    private func conduct(
        _ plan: CarePlan, control: RunControl<CareStats>, mailboxes: [Mailbox<CareCommand>], watch: inout CareWatch
    ) throws(CareWatch.Stop) {
        let threads = mailboxes.count
        _ = try watch.wait(until: watch.deadline) { control.threadsReady.load(ordering: .acquiring) == threads }
        let timing = plan.window(at: ProcessResources.monotonicNanoseconds(), rate: config.rate)
        watch.window = timing
        for mailbox in mailboxes { mailbox.post(.start(timing)) }

        // Sent, answered and (but for the storm, whose patients are away) delivered.
        var quiet: (progress: CareProgress, since: UInt64)?
        _ = try watch.wait(until: timing.measureUntil + UInt64(config.drain * 1e9)) {
            guard control.threadsDoneSending.load(ordering: .acquiring) == threads else { return false }
            let now = ProcessResources.monotonicNanoseconds(), totals = CareProgress.load(from: control)
            guard plan.reconnects ? totals.pending == 0 : totals.isSettled else { quiet = nil; return false }
            guard let held = quiet, held.progress == totals else { quiet = (totals, now); return false }
            return now - held.since >= Self.quietNanoseconds
        }
        guard plan.reconnects else { return }

        let instant = ProcessResources.monotonicNanoseconds()
        for mailbox in mailboxes { mailbox.post(.reconnect(at: instant)) }
        let everyone = plan.publishers
        let allBack = try watch.wait(until: instant + UInt64(config.duration * 1e9)) {
            control.reconnected.load(ordering: .relaxed) >= everyone
        }
        if allBack { _ = try watch.wait(until: ProcessResources.monotonicNanoseconds() + 500_000_000) { false } }
    }
}
