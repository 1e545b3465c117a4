import Care
import Posix
import Wire

/// Staff watching one unit's queue while patients create visits open-loop and a few staff accept
/// them. Every watcher must see every `queue.added` (latency from the scheduled create; the
/// stamp rides in the contact reason) and every `queue.removed` (latency from the accept).
final class QueueScenario: CareScenarioLogic {
    enum Phase { case connecting, subscribing, running, draining, done }

    let settings: CareSettings
    let watchers: Int
    let acceptors: Int
    let patients: Int
    /// Tags this run's stamps: visits of other runs (or the demo's) in the queue are ignored.
    let runTag: UInt32
    private var phase = Phase.connecting
    private var subscribed = 0
    private var setupStartedAt: UInt64 = 0
    private var schedule: SendSchedule?
    private var timing: RunTiming?
    private var drainDeadline: UInt64 = 0
    private var createsPending = 0
    private var acceptsPending = 0
    /// This run's visits: whether their accept is measured, and when it was sent.
    private var accepted: [VisitID: (sentAt: UInt64, measured: Bool)] = [:]
    private var ours: Set<VisitID> = []
    private var seenAdded: [Set<VisitID>]
    private var seenRemoved: [Set<VisitID>]
    private var created = 0

    init(settings: CareSettings, runTag: UInt32) {
        self.settings = settings
        self.runTag = runTag
        watchers = settings.connections
        acceptors = settings.acceptors
        // Each patient creates at most 5 visits/s and stays well below 256 open visits.
        let total = settings.rate * (settings.warmup + settings.duration)
        patients = max(1, Int((settings.rate / 5).rounded(.up)), Int((total / 200).rounded(.up)))
        seenAdded = Array(repeating: [], count: watchers)
        seenRemoved = Array(repeating: [], count: watchers)
    }

    /// Seats: watchers, then acceptors (staff), then patients.
    var seatCount: Int { watchers + acceptors + patients }
    func isPatient(_ seat: Int) -> Bool { seat >= watchers + acceptors }


    func welcomed(_ connection: CareConnection, _ driver: CareDriver) {}
    func resume(for connection: CareConnection) -> [VisitID: UInt64] { [:] }

    func connected(at now: UInt64, _ driver: CareDriver) {
        phase = .subscribing
        setupStartedAt = now
        let queue = Resource(unit: UnitID(CareTokens.unit), role: .nurse)
        for seat in 0..<(watchers + acceptors) {
            driver.sendPaced(ClientCommand(id: "q", .subscribeQueue(queue)), on: driver.connections[seat])
        }
    }

    func handle(_ event: ServerEvent, on connection: CareConnection, at now: UInt64, _ driver: CareDriver) {
        let seat = connection.seat
        switch event {
        case .queue(_, _, id: "q"?):
            subscribed += 1
        case .queueAdded(_, let item):
            guard let stamp = MessageStamp(decoding: Array(item.contactReason.utf8)), stamp.room == runTag else { return }
            ours.insert(item.visit)
            if seat < watchers {
                guard seenAdded[seat].insert(item.visit).inserted else { driver.stats.duplicates += 1; return }
                driver.stats.delivered += 1
                if let timing, timing.isMeasured(stamp.scheduled) {
                    driver.stats.measuredDelivered += 1
                    driver.stats.latency.record(nanoseconds: now &- stamp.scheduled)
                    driver.stats.transit.record(nanoseconds: now &- stamp.actual)
                }
            } else if seat - watchers == Int(stamp.sequence) % acceptors, accepted[item.visit] == nil {
                // This acceptor's share: accept at once (latency runs from here to queue.removed).
                let measured = timing?.isMeasured(stamp.scheduled) ?? false
                accepted[item.visit] = (ProcessResources.monotonicNanoseconds(), measured)
                acceptsPending += 1
                driver.sendNow(ClientCommand(id: "a", .accept(item.visit)), on: connection)
            }
        case .queueRemoved(_, let visit):
            guard seat < watchers, ours.contains(visit) else { return }
            guard let accept = accepted[visit] else { driver.stats.missed += 1; return }  // removed before added
            guard seenRemoved[seat].insert(visit).inserted else { driver.stats.duplicates += 1; return }
            driver.stats.secondDelivered += 1
            if accept.measured { driver.stats.second.record(nanoseconds: now &- accept.sentAt) }
        case .ack(let id, _, _) where id == "c":
            createsPending -= 1
            driver.stats.acked += 1
            driver.stats.expected += UInt64(watchers)
        case .ack(let id, _, _) where id == "a":
            acceptsPending -= 1
            driver.stats.secondExpected += UInt64(watchers)
        case .error("c"?, _, _, _):
            createsPending -= 1
        case .error("a"?, _, _, _):
            acceptsPending -= 1
        default:
            break
        }
    }

    func tick(now: UInt64, _ driver: CareDriver) {
        switch phase {
        case .subscribing where subscribed == watchers + acceptors:
            driver.stats.setupSeconds = Double(now - setupStartedAt) / 1e9
            startCreating(now: now, driver)
        case .draining:
            let s = driver.stats
            let complete = createsPending == 0 && acceptsPending == 0 && accepted.count == Int(s.acked)
                && s.delivered >= s.expected && s.secondDelivered >= s.secondExpected
            if complete || now >= drainDeadline {
                phase = .done
                driver.finish()
            }
        default:
            break
        }
    }

    private func startCreating(now: UInt64, _ driver: CareDriver) {
        phase = .running
        let timing = RunTiming(
            start: now + 100_000_000, warmupNanoseconds: UInt64(settings.warmup * 1e9),
            durationNanoseconds: UInt64(settings.duration * 1e9), ratePerPublisher: settings.rate / Double(patients))
        self.timing = timing
        schedule = driver.openLoop(timing, publishers: patients)
    }

    func pacerFired(now: UInt64, _ driver: CareDriver) {
        guard var schedule, let timing else { return }
        schedule.takeDue(now: now) { patient, _, scheduled in
            let connection = driver.connections[watchers + acceptors + patient]
            let actual = ProcessResources.monotonicNanoseconds()
            let stamp = MessageStamp(scheduled: scheduled, actual: actual, room: runTag, sender: UInt32(connection.seat), sequence: UInt32(created))
            created += 1
            createsPending += 1
            let reason = String(decoding: stamp.encoded(size: MessageStamp.encodedBytes), as: UTF8.self)
            driver.sendNow(ClientCommand(id: "c", .createVisit(contactReason: reason, text: "carewire-load", priority: nil)), on: connection)
            driver.stats.sent += 1
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
        // A created visit no acceptor saw in its queue is a lost queue.added too.
        stats.missed += stats.acked > UInt64(accepted.count) ? stats.acked - UInt64(accepted.count) : 0
        return stats
    }
}
