import Care
import Posix
import Wire

/// Every patient drops at once (TCP reset), their nurses write to the visits meanwhile, then
/// everyone reconnects at once with `hello` + `resume`. Each patient must get exactly the events
/// after its last seq: missed (gaps, or never caught up) and duplicates must both be zero.
final class StormScenario: CareScenarioLogic {
    enum Phase { case connecting, settingUp, settling, away, awaitingAcks, reconnecting, grace, done }

    let layout: CareLayout
    let settings: CareSettings
    private let setup: VisitSetup
    private var phase = Phase.connecting
    private var setupStartedAt: UInt64 = 0
    private var phaseDeadline: UInt64 = 0
    private var schedule: SendSchedule?
    private var payload: [UInt8]
    private var pendingAcks: [Int: Int] = [:]
    private var messageNumber = 0
    /// The highest acked seq per visit: what a patient must reach to be caught up.
    private var finalSeq: [UInt64]
    private var back: [Bool]
    private var reconnectAt: UInt64 = 0

    init(settings: CareSettings) {
        self.settings = settings
        layout = .storm(patients: settings.connections, visitsPerNurse: settings.roomSize)
        setup = VisitSetup(layout: layout, acceptorOpens: false)
        payload = [UInt8](repeating: 0, count: settings.messageBytes)
        finalSeq = Array(repeating: 0, count: layout.visitCount)
        back = Array(repeating: false, count: layout.visitCount)
    }



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
        case .error(let id?, _, _, _):
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
        driver.stats.latency.record(nanoseconds: now - reconnectAt)
        if driver.stats.reconnected == UInt64(layout.visitCount) {
            driver.stats.allBackSeconds = Double(now - reconnectAt) / 1e9
            phase = .grace  // a moment longer, so late duplicates would still be seen
            phaseDeadline = now + 500_000_000
        }
    }

    func tick(now: UInt64, _ driver: CareDriver) {
        if let failure = setup.failure { return driver.abort(failure) }
        switch phase {
        case .settingUp where setup.isDone:
            driver.stats.setupSeconds = Double(now - setupStartedAt) / 1e9
            phase = .settling  // let the started events and welcome messages arrive first
            phaseDeadline = now + 500_000_000
        case .settling where now >= phaseDeadline:
            storm(now: now, driver)
        case .awaitingAcks where pendingAcks.isEmpty || now >= phaseDeadline:
            phase = .reconnecting
            reconnectAt = now
            phaseDeadline = now + UInt64(settings.duration * 1e9)
            driver.connectWindow = Int.max
            driver.connect(layout.creators)
        case .reconnecting where now >= phaseDeadline, .grace where now >= phaseDeadline:
            phase = .done
            driver.finish()
        default:
            break
        }
    }

    private func storm(now: UInt64, _ driver: CareDriver) {
        for seat in layout.creators { driver.drop(seat) }
        phase = .away
        let visits = layout.visitCount
        let window = RunTiming(start: now + 10_000_000, warmupNanoseconds: 0, durationNanoseconds: UInt64(settings.away * 1e9),
                               ratePerPublisher: settings.rate / Double(visits))
        schedule = driver.openLoop(window, publishers: visits)
    }

    func pacerFired(now: UInt64, _ driver: CareDriver) {
        guard var schedule else { return }
        schedule.takeDue(now: now) { visit, sequence, scheduled in
            guard let visitID = setup.visitIDs[visit] else { return }
            let nurse = driver.connections[layout.acceptors[visit]]
            let stamp = MessageStamp(scheduled: scheduled, actual: now, room: UInt32(visit), sender: UInt32(nurse.seat), sequence: sequence)
            payload.withUnsafeMutableBytes { stamp.encode(into: $0) }
            messageNumber += 1
            pendingAcks[messageNumber] = visit
            driver.sendNow(ClientCommand(id: CommandID("m\(messageNumber)"), .sendMessage(visitID, text: String(decoding: payload, as: UTF8.self))), on: nurse)
            driver.stats.sent += 1
        }
        self.schedule = schedule
        if driver.rearm(schedule) { return }
        self.schedule = nil
        phase = .awaitingAcks
        phaseDeadline = ProcessResources.monotonicNanoseconds() + UInt64(settings.drain * 1e9)
    }


    func finalStats(_ driver: CareDriver) -> CareStats {
        var stats = driver.stats
        // Whoever is not back missed everything between what it holds and the visit's end.
        for visit in 0..<layout.visitCount where !back[visit] && phase.isAfterStorm {
            let last = driver.connections[layout.creators[visit]].trackers.values.first?.last ?? 0
            stats.missed += finalSeq[visit] > last ? finalSeq[visit] - last : 0
        }
        if phase != .done && phase != .grace && stats.incomplete == nil { stats.incomplete = "ended in phase \(phase)" }
        return stats
    }
}

extension StormScenario.Phase {
    var isAfterStorm: Bool { self == .away || self == .awaitingAcks || self == .reconnecting || self == .grace || self == .done }
}
