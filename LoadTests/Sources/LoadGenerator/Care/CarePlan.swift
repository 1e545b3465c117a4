#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Posix

/// A carewire scenario as the main thread runs it: every seat's token, the seats each load
/// thread owns, each thread's logic (made on that thread), the common send window, and what
/// only the sum over threads can tell.
struct CarePlan: Sendable {
    var tokens: [String]
    var seatsOfThread: [[Int]]
    var makeLogic: @Sendable (_ thread: Int) -> CareScenarioLogic
    /// Open-loop senders over all threads (the clinic's and storm's visits, the queue's patients).
    var publishers: Int
    /// From "every thread is ready" to the first scheduled send.
    var leadNanoseconds: UInt64
    var warmup: Double
    /// The send window after the warm-up (the storm: while the patients are away).
    var sendSeconds: Double
    /// storm: the patients come back after the window; the run ends once all are.
    var reconnects = false
    var finalize: @Sendable (inout CareStats) -> Void = { _ in }

    func window(at now: UInt64, rate: Double) -> RunTiming {
        RunTiming(
            start: now + leadNanoseconds, warmupNanoseconds: UInt64(warmup * 1e9),
            durationNanoseconds: UInt64(sendSeconds * 1e9), ratePerPublisher: rate / Double(publishers))
    }

    init(_ config: LoadConfiguration) {
        let settings = config.careSettings, threads = config.threads
        let tokens = CareTokens(
            secret: config.tokenSecret, runPrefix: "lg\(getpid())x\(ProcessResources.monotonicNanoseconds() % 1_000_000_000)")
        switch config.scenario {
        case .queue:
            let layout = QueueLayout(
                watchers: settings.connections, acceptors: settings.acceptors, rate: settings.rate,
                seconds: settings.warmup + settings.duration)
            let runTag = UInt32(truncatingIfNeeded: ProcessResources.monotonicNanoseconds() / 1000)
            let ledger = AcceptLedger()
            self.tokens = (0..<layout.seatCount).map { layout.isPatient($0) ? tokens.patient($0) : tokens.staff($0) }
            seatsOfThread = (0..<threads).map { layout.seats(ofThread: $0, threads: threads) }
            makeLogic = { QueueScenario(layout: layout, runTag: runTag, ledger: ledger, thread: $0, threads: threads) }
            publishers = layout.patients
            (leadNanoseconds, warmup, sendSeconds) = (100_000_000, settings.warmup, settings.duration)
            // A created visit no acceptor saw in its queue is a lost queue.added too.
            finalize = { stats in
                let accepted = UInt64(ledger.count)
                stats.missed += stats.acked > accepted ? stats.acked - accepted : 0
            }
        case .storm:
            let layout = CareLayout.storm(patients: settings.connections, visitsPerNurse: settings.roomSize)
            self.tokens = Self.tokens(layout, tokens)
            seatsOfThread = (0..<threads).map { layout.seats(ofThread: $0, threads: threads) }
            makeLogic = { StormScenario(settings: settings, layout: layout, thread: $0, threads: threads) }
            publishers = layout.visitCount
            (leadNanoseconds, warmup, sendSeconds) = (10_000_000, 0, settings.away)
            reconnects = true
            // "All back" only when every thread's patients are.
            finalize = { stats in if stats.reconnected < UInt64(layout.visitCount) { stats.allBackSeconds = 0 } }
        default:
            let layout = CareLayout.clinic(connections: settings.connections, roomSize: settings.roomSize)
            self.tokens = Self.tokens(layout, tokens)
            seatsOfThread = (0..<threads).map { layout.seats(ofThread: $0, threads: threads) }
            makeLogic = { ClinicScenario(settings: settings, layout: layout, thread: $0, threads: threads) }
            publishers = layout.visitCount
            (leadNanoseconds, warmup, sendSeconds) = (100_000_000, settings.warmup, settings.duration)
        }
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
