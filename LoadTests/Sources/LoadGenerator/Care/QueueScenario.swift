import Care
import Posix
import Wire

/// Staff watching one unit's queue while patients create visits open-loop and a few staff accept
/// them. Every watcher must see every `queue.added` (latency from the scheduled create; the
/// stamp rides in the contact reason) and every `queue.removed` (latency from the accept).
/// One instance per load thread, for its watchers, acceptors and patients; every watcher sees
/// every thread's visits, so the accepts are shared through the `AcceptLedger`.
final class QueueScenario: CareScenarioLogic {
    enum Phase { case connecting, subscribing, ready, running }

    let layout: QueueLayout
    /// Tags this run's stamps: visits of other runs (or the demo's) in the queue are ignored.
    let runTag: UInt32
    private let ledger: AcceptLedger
    /// This thread's staff seats (watchers and acceptors) and patients.
    private let staff: [Int]
    private let patients: [Int]
    private var phase = Phase.connecting
    private var subscribed = 0
    private var setupStartedAt: UInt64 = 0
    private var timing: RunTiming?
    private var createsPending = 0
    private var acceptsPending = 0
    private var createsAcked = 0
    private var acceptsSent = 0
    /// Visits of this run seen here (their `queue.removed` counts).
    private var ours: Set<VisitID> = []
    private var seenAdded: [Set<VisitID>]
    private var seenRemoved: [Set<VisitID>]

    init(layout: QueueLayout, runTag: UInt32, ledger: AcceptLedger, thread: Int, threads: Int) {
        self.layout = layout
        self.runTag = runTag
        self.ledger = ledger
        staff = layout.seats(ofThread: thread, threads: threads).filter { !layout.isPatient($0) }
        patients = layout.patients(ofThread: thread, threads: threads)
        seenAdded = Array(repeating: [], count: layout.watchers)
        seenRemoved = Array(repeating: [], count: layout.watchers)
    }

    var pending: Int { createsPending + acceptsPending }
    var handoffs: (created: Int, accepted: Int) { (createsAcked, acceptsSent) }

    func connected(at now: UInt64, _ driver: CareDriver) {
        phase = .subscribing
        setupStartedAt = now
        let queue = Resource(unit: UnitID(CareTokens.unit), role: .nurse)
        for seat in staff { driver.sendPaced(ClientCommand(id: "q", .subscribeQueue(queue)), on: driver.connection(seat)) }
    }

    func handle(_ event: ServerEvent, on connection: CareConnection, at now: UInt64, _ driver: CareDriver) {
        let seat = connection.seat, watchers = layout.watchers
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
            } else if seat - watchers == Int(stamp.sequence) % layout.acceptors {
                // This acceptor's share: accept at once (latency runs from here to queue.removed).
                let accept = AcceptLedger.Accept(
                    sentAt: ProcessResources.monotonicNanoseconds(), measured: timing?.isMeasured(stamp.scheduled) ?? false)
                guard ledger.record(item.visit, accept) else { return }
                acceptsPending += 1
                acceptsSent += 1
                driver.sendNow(ClientCommand(id: "a", .accept(item.visit)), on: connection)
            }
        case .queueRemoved(_, let visit):
            guard seat < watchers, ours.contains(visit) else { return }
            guard let accept = ledger.accept(of: visit) else { driver.stats.missed += 1; return }  // removed before added
            guard seenRemoved[seat].insert(visit).inserted else { driver.stats.duplicates += 1; return }
            driver.stats.secondDelivered += 1
            if accept.measured { driver.stats.second.record(nanoseconds: now &- accept.sentAt) }
        case .ack(let id, _, _) where id == "c":
            createsPending -= 1
            createsAcked += 1
            driver.stats.acked += 1
            driver.stats.expected += UInt64(watchers)
        case .ack(let id, _, _) where id == "a":
            acceptsPending -= 1
            driver.stats.secondExpected += UInt64(watchers)
        case .error("c"?, _, _, _, _):
            createsPending -= 1
        case .error("a"?, _, _, _, _):
            acceptsPending -= 1
        default:
            break
        }
    }

    func tick(now: UInt64, _ driver: CareDriver) {
        guard phase == .subscribing, subscribed == staff.count else { return }
        driver.stats.setupSeconds = Double(now - setupStartedAt) / 1e9
        phase = .ready
        driver.ready()
    }

    /// Creates this thread's patients' visits; the main thread drains and ends the run.
    func start(_ timing: RunTiming, _ driver: CareDriver) {
        phase = .running
        self.timing = timing
        driver.openLoop(timing, publishers: patients, of: layout.patients) { [unowned self] slot, round, scheduled in
            // Numbered as one thread would: the run's n-th create, whichever thread sends it.
            let patient = patients[slot]
            create(by: patient, number: Int(round) * layout.patients + patient, scheduled: scheduled, timing: timing, driver)
        }
    }

    private func create(by patient: Int, number: Int, scheduled: UInt64, timing: RunTiming, _ driver: CareDriver) {
        let connection = driver.connection(layout.seat(ofPatient: patient))
        let actual = ProcessResources.monotonicNanoseconds()
        let stamp = MessageStamp(
            scheduled: scheduled, actual: actual, room: runTag, sender: UInt32(connection.seat), sequence: UInt32(truncatingIfNeeded: number))
        createsPending += 1
        let reason = String(decoding: stamp.encoded(size: MessageStamp.encodedBytes), as: UTF8.self)
        driver.sendNow(ClientCommand(id: "c", .createVisit(contactReason: reason, text: "carewire-load", priority: nil)), on: connection)
        driver.stats.sent += 1
        if timing.isMeasured(scheduled) { driver.stats.sendLag.record(nanoseconds: actual &- scheduled) }
    }

    /// A created visit no acceptor saw in its queue is a lost `queue.added` too; only the sum over
    /// threads tells (`CarePlan` adds it).
    func finalStats(_ driver: CareDriver) -> CareStats { driver.stats }
}
