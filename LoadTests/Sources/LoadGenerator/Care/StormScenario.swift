import Care
import Posix
import Wire

/// Every patient drops at once (TCP reset), their nurses write to the visits meanwhile, then
/// everyone reconnects at once with `hello` + `resume`. Each patient must get exactly the events
/// after its last seq: missed (gaps, or never caught up) and duplicates must both be zero.
/// One instance per load thread, for the nurses dealt to it and their visits; the main thread
/// starts the drop and the reconnect on every thread at once.
final class StormScenario: CareScenarioLogic {
    enum Phase { case connecting, settingUp, settling, ready, away, reconnecting, grace }

    let layout: CareLayout
    let settings: CareSettings
    private let setup: VisitSetup
    private var phase = Phase.connecting
    private var setupStartedAt: UInt64 = 0
    private var settledAt: UInt64 = 0
    private var payload: [UInt8]
    private var pendingAcks: [Int: Int] = [:]
    private var messageNumber = 0
    /// The highest acked seq per visit: what a patient must reach to be caught up.
    private var finalSeq: [UInt64]
    private var back: [Bool]
    private var reconnectAt: UInt64 = 0

    init(settings: CareSettings, layout: CareLayout, thread: Int, threads: Int) {
        self.settings = settings
        self.layout = layout
        setup = VisitSetup(
            layout: layout, visits: layout.visits(ofThread: thread, threads: threads), acceptorOpens: false,
            window: VisitSetup.window(threads: threads))
        payload = [UInt8](repeating: 0, count: settings.messageBytes)
        finalSeq = Array(repeating: 0, count: layout.visitCount)
        back = Array(repeating: false, count: layout.visitCount)
    }

    var pending: Int { pendingAcks.count }

    func welcomed(_ connection: CareConnection, _ driver: CareDriver) {
        checkBack(connection, now: ProcessResources.monotonicNanoseconds(), driver)
    }

    /// A returning patient resumes from the last seq it holds.
    func resume(for connection: CareConnection) -> [VisitID: UInt64] { connection.trackers.mapValues(\.last) }

    func connected(at now: UInt64, _ driver: CareDriver) {
        phase = .settingUp
        setupStartedAt = now
        setup.startMore(driver)
    }

    func handle(_ event: ServerEvent, on connection: CareConnection, at now: UInt64, _ driver: CareDriver) {
        if setup.handle(event, on: connection, driver) { return }
        switch event {
        case .visitEvent(let view):
            guard driver.track(view, on: connection) else { return }
            if phase.isAfterStorm, case .message(_, let text) = view.body, MessageStamp(decoding: Array(text.utf8)) != nil {
                driver.stats.delivered += 1
            }
            checkBack(connection, now: now, driver)
        case .ack(let id, _, let seq?):
            guard let number = ClinicScenario.messageNumber(id), let visit = pendingAcks.removeValue(forKey: number) else { return }
            driver.stats.acked += 1
            driver.stats.expected += 1  // one patient per visit must get it after the resume
            finalSeq[visit] = max(finalSeq[visit], seq)
        case .error(let id?, _, _, _, _):
            if let number = ClinicScenario.messageNumber(id) { pendingAcks.removeValue(forKey: number) }
        case .reload(let visit):
            driver.stats.errorEvent(code: "reload", "reload of \(visit) on resume")
        default:
            break
        }
    }

    private func checkBack(_ connection: CareConnection, now: UInt64, _ driver: CareDriver) {
        guard phase == .reconnecting || phase == .grace, connection.welcomed,
            let visit = layout.seats[connection.seat].visits.first, layout.creators[visit] == connection.seat, !back[visit],
            let tracker = connection.trackers.values.first, tracker.last >= finalSeq[visit]
        else { return }
        back[visit] = true
        driver.stats.reconnected += 1
        driver.stats.latency.record(nanoseconds: now &- reconnectAt)
        if driver.stats.reconnected == UInt64(setup.visits.count) { allBack(now: now, driver) }
    }

    /// This thread's patients are back; a moment longer (the main thread's grace) shows late duplicates.
    private func allBack(now: UInt64, _ driver: CareDriver) {
        driver.stats.allBackSeconds = Double(now &- reconnectAt) / 1e9
        phase = .grace
    }

    func tick(now: UInt64, _ driver: CareDriver) {
        if let failure = setup.failure { return driver.abort(failure) }
        switch phase {
        case .settingUp where setup.isDone:
            driver.stats.setupSeconds = Double(now - setupStartedAt) / 1e9
            phase = .settling  // let the started events and welcome messages arrive first
            settledAt = now + 500_000_000
        case .settling where now >= settledAt:
            phase = .ready
            driver.ready()
        default:
            break
        }
    }

    /// The storm: this thread's patients drop, its nurses write during the window.
    func start(_ timing: RunTiming, _ driver: CareDriver) {
        for visit in setup.visits { driver.drop(layout.creators[visit]) }
        phase = .away
        driver.openLoop(timing, publishers: setup.visits, of: layout.visitCount) { [unowned self] slot, sequence, scheduled in
            write(to: setup.visits[slot], sequence: sequence, scheduled: scheduled, driver)
        }
    }

    private func write(to visit: Int, sequence: UInt32, scheduled: UInt64, _ driver: CareDriver) {
        guard let visitID = setup.visitIDs[visit] else { return }
        let nurse = driver.connection(layout.acceptors[visit])
        let stamp = MessageStamp(
            scheduled: scheduled, actual: ProcessResources.monotonicNanoseconds(), room: UInt32(visit), sender: UInt32(nurse.seat),
            sequence: sequence)
        payload.withUnsafeMutableBytes { stamp.encode(into: $0) }
        messageNumber += 1
        pendingAcks[messageNumber] = visit
        driver.sendNow(ClientCommand(id: CommandID("m\(messageNumber)"), .sendMessage(visitID, text: String(decoding: payload, as: UTF8.self))), on: nurse)
        driver.stats.sent += 1
    }

    /// Every thread's patients come back at `instant`, all at once.
    func reconnect(at instant: UInt64, _ driver: CareDriver) {
        phase = .reconnecting
        reconnectAt = instant
        guard !setup.visits.isEmpty else { return allBack(now: instant, driver) }
        driver.connectWindow = Int.max
        driver.connect(setup.visits.map { layout.creators[$0] })
    }

    func finalStats(_ driver: CareDriver) -> CareStats {
        var stats = driver.stats
        // Whoever is not back missed everything between what it holds and the visit's end.
        for visit in setup.visits where !back[visit] && phase.isAfterStorm {
            let last = driver.connection(layout.creators[visit]).trackers.values.first?.last ?? 0
            stats.missed += finalSeq[visit] > last ? finalSeq[visit] - last : 0
        }
        // The run ends normally once the patients had their time to come back.
        if phase != .reconnecting && phase != .grace && stats.incomplete == nil { stats.incomplete = "ended in phase \(phase)" }
        return stats
    }
}

extension StormScenario.Phase {
    var isAfterStorm: Bool { self == .away || self == .reconnecting || self == .grace }
}
