import Care
import Posix
import Wire

/// The clinic layout in the real protocol: visits of one patient, their nurse and more devices,
/// each patient's first device sending `message.send` open-loop. Latency runs from the scheduled
/// send to the `visit.event` at every other subscriber; the ack (after the commit) separately.
final class ClinicScenario: CareScenarioLogic {
    enum Phase { case connecting, settingUp, running, draining, done }

    let layout: CareLayout
    let settings: CareSettings
    private let setup: VisitSetup
    private var phase = Phase.connecting
    private var setupStartedAt: UInt64 = 0
    private var schedule: SendSchedule?
    private var timing: RunTiming?
    private var drainDeadline: UInt64 = 0
    private var payload: [UInt8]
    /// Unacknowledged sends by message number: scheduled time and visit.
    private var pendingAcks: [Int: (scheduled: UInt64, visit: Int)] = [:]
    private var messageNumber = 0

    init(settings: CareSettings) {
        self.settings = settings
        layout = .clinic(connections: settings.connections, roomSize: settings.roomSize)
        setup = VisitSetup(layout: layout, acceptorOpens: true)
        payload = [UInt8](repeating: 0, count: settings.messageBytes)
    }


    func welcomed(_ connection: CareConnection, _ driver: CareDriver) {}
    func resume(for connection: CareConnection) -> [VisitID: UInt64] { [:] }

    func connected(at now: UInt64, _ driver: CareDriver) {
        phase = .settingUp
        setupStartedAt = now
        setup.startMore(driver)
    }

    func handle(_ event: ServerEvent, on connection: CareConnection, at now: UInt64, _ driver: CareDriver) {
        if setup.handle(event, on: connection, driver) { return }
        switch event {
        case .visitEvent(let view):
            guard driver.track(view, on: connection), case .message(_, let text) = view.body,
                let stamp = MessageStamp(decoding: Array(text.utf8))
            else { return }
            guard stamp.sender != UInt32(connection.seat) else { return }  // the sender's own copy
            guard Int(stamp.room) == setup.visitIndex[view.visit] else {
                driver.stats.wrongVisit += 1
                return
            }
            driver.stats.delivered += 1
            if let timing, timing.isMeasured(stamp.scheduled) {
                driver.stats.measuredDelivered += 1
                driver.stats.latency.record(nanoseconds: now &- stamp.scheduled)
                driver.stats.transit.record(nanoseconds: now &- stamp.actual)
            }
        case .ack(let id, _, _):
            guard let number = Self.messageNumber(id), let sent = pendingAcks.removeValue(forKey: number) else { return }
            driver.stats.acked += 1
            if let timing, timing.isMeasured(sent.scheduled) { driver.stats.second.record(nanoseconds: now &- sent.scheduled) }
        case .error(let id?, _, _, _):
            // A refused send produces no deliveries: not counted as lost (the error is counted).
            guard let number = Self.messageNumber(id), let sent = pendingAcks.removeValue(forKey: number) else { return }
            driver.stats.expected -= UInt64(layout.receivers(of: sent.visit).count - 1)
        default:
            break
        }
    }

    func tick(now: UInt64, _ driver: CareDriver) {
        if let failure = setup.failure { return driver.abort(failure) }
        switch phase {
        case .settingUp where setup.isDone:
            driver.stats.setupSeconds = Double(now - setupStartedAt) / 1e9
            startSending(now: now, driver)
        case .draining:
            let complete = driver.stats.delivered >= driver.stats.expected && pendingAcks.isEmpty
            if complete || now >= drainDeadline {
                phase = .done
                driver.finish()
            }
        default:
            break
        }
    }

    private func startSending(now: UInt64, _ driver: CareDriver) {
        phase = .running
        let visits = layout.visitCount
        let timing = RunTiming(
            start: now + 100_000_000, warmupNanoseconds: UInt64(settings.warmup * 1e9),
            durationNanoseconds: UInt64(settings.duration * 1e9), ratePerPublisher: settings.rate / Double(visits))
        self.timing = timing
        schedule = driver.openLoop(timing, publishers: visits)
    }

    func pacerFired(now: UInt64, _ driver: CareDriver) {
        guard var schedule, let timing else { return }
        schedule.takeDue(now: now) { visit, sequence, scheduled in
            let sender = driver.connections[layout.creators[visit]]
            guard let visitID = setup.visitIDs[visit] else { return }
            let actual = ProcessResources.monotonicNanoseconds()
            let stamp = MessageStamp(scheduled: scheduled, actual: actual, room: UInt32(visit), sender: UInt32(sender.seat), sequence: sequence)
            payload.withUnsafeMutableBytes { stamp.encode(into: $0) }
            messageNumber += 1
            pendingAcks[messageNumber] = (scheduled, visit)
            driver.sendNow(ClientCommand(id: CommandID("m\(messageNumber)"), .sendMessage(visitID, text: String(decoding: payload, as: UTF8.self))), on: sender)
            driver.stats.sent += 1
            driver.stats.expected += UInt64(layout.receivers(of: visit).count - 1)
            if timing.isMeasured(scheduled) { driver.stats.sendLag.record(nanoseconds: actual &- scheduled) }
        }
        self.schedule = schedule
        if driver.rearm(schedule) { return }
        self.schedule = nil
        phase = .draining
        drainDeadline = ProcessResources.monotonicNanoseconds() + UInt64(settings.drain * 1e9)
    }


    func finalStats(_ driver: CareDriver) -> CareStats {
        var stats = driver.stats
        if phase == .settingUp { stats.setupSeconds = Double(ProcessResources.monotonicNanoseconds() - setupStartedAt) / 1e9 }
        return stats
    }

    static func messageNumber(_ id: CommandID) -> Int? {
        id.rawValue.first == "m" ? Int(id.rawValue.dropFirst()) : nil
    }
}
