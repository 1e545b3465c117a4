import Care
import Posix
import Wire

/// The clinic layout in the real protocol: visits of one patient, their nurse and more devices,
/// each patient's first device sending `message.send` open-loop. Latency runs from the scheduled
/// send to the `visit.event` at every other subscriber; the ack (after the commit) separately.
/// One instance per load thread, for the visits dealt to it.
final class ClinicScenario: CareScenarioLogic {
    enum Phase { case connecting, settingUp, ready, running }

    let layout: CareLayout
    let settings: CareSettings
    private let setup: VisitSetup
    private var phase = Phase.connecting
    private var setupStartedAt: UInt64 = 0
    private var timing: RunTiming?
    private var payload: [UInt8]
    /// Unacknowledged sends by message number: scheduled time and visit.
    private var pendingAcks: [Int: (scheduled: UInt64, visit: Int)] = [:]
    private var messageNumber = 0

    init(settings: CareSettings, layout: CareLayout, thread: Int, threads: Int) {
        self.settings = settings
        self.layout = layout
        setup = VisitSetup(
            layout: layout, visits: layout.visits(ofThread: thread, threads: threads), acceptorOpens: true,
            window: VisitSetup.window(threads: threads))
        payload = [UInt8](repeating: 0, count: settings.messageBytes)
    }

    var pending: Int { pendingAcks.count }

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
        case .error(let id?, _, _, _, _):
            // A refused send produces no deliveries: not counted as lost (the error is counted).
            guard let number = Self.messageNumber(id), let sent = pendingAcks.removeValue(forKey: number) else { return }
            driver.stats.expected -= UInt64(layout.receivers(of: sent.visit).count - 1)
        default:
            break
        }
    }

    func tick(now: UInt64, _ driver: CareDriver) {
        if let failure = setup.failure { return driver.abort(failure) }
        guard phase == .settingUp, setup.isDone else { return }
        driver.stats.setupSeconds = Double(now - setupStartedAt) / 1e9
        phase = .ready
        driver.ready()
    }

    /// Sends this thread's visits' messages; the main thread drains and ends the run.
    func start(_ timing: RunTiming, _ driver: CareDriver) {
        phase = .running
        self.timing = timing
        driver.openLoop(timing, publishers: setup.visits, of: layout.visitCount) { [unowned self] slot, sequence, scheduled in
            send(visit: setup.visits[slot], sequence: sequence, scheduled: scheduled, timing: timing, driver)
        }
    }

    private func send(visit: Int, sequence: UInt32, scheduled: UInt64, timing: RunTiming, _ driver: CareDriver) {
        let sender = driver.connection(layout.creators[visit])
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

    func finalStats(_ driver: CareDriver) -> CareStats {
        var stats = driver.stats
        if phase == .settingUp { stats.setupSeconds = Double(ProcessResources.monotonicNanoseconds() - setupStartedAt) / 1e9 }
        return stats
    }

    static func messageNumber(_ id: CommandID) -> Int? {
        id.rawValue.first == "m" ? Int(id.rawValue.dropFirst()) : nil
    }
}
