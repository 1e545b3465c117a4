import Care
import Logging
import Posix
import Server
import Service
import WebSocket
import Wire

/// The care protocol on one loop, composed of three parts and the state this loop owns:
/// - the `SessionGate` (Gate/): authentication, limits, decoding; the door of every command;
/// - the `CareRouter` (Routing/): typed mail to the loop that owns a visit, a queue or an inbox,
///   handled at once when that is this loop;
/// - the `Publisher` (Publishing/): the desk's outcomes → wire events → fan-out, encoded once.
/// The state: the visits of this loop's `VisitDesk`, and the queue boards and async inboxes that
/// hash to this loop (Boards/). A new aggregate brings its own mail type and handler.
final class CareApplication: Application {
    typealias Mail = CareMail

    let clinic: Clinic
    let services: LoopServices
    let reader: any RecordReader
    let router: CareRouter
    let creations: Creations
    let publisher: Publisher
    var desk: VisitDesk!
    var gate: SessionGate!
    var reads: AuditedReads!
    var queues: QueueBoards!
    var inboxes: InboxBoards!
    /// Triage requests waiting for their commit, by number.
    var triageRequests: [UInt64: (responder: HTTPResponder, since: UInt64)] = [:]
    var nextTriageRequest: UInt64 = 1

    init(clinic: Clinic, services: LoopServices) {
        self.clinic = clinic
        self.services = services
        do {
            reader = try clinic.records.makeReader()
        } catch {
            // The writer opened and migrated this file moments ago; a reader that cannot is fatal.
            fatalError("loop \(services.index): cannot open the store for reading: \(error)")
        }
        router = CareRouter(postbox: services.postbox(of: Self.self), ownership: VisitOwnership(loops: services.loopCount))
        creations = Creations(intake: clinic.intake)
        publisher = Publisher(clinic: clinic, services: services, router: router, reader: reader, creations: creations)
        desk = VisitDesk(loop: services.index, ownership: router.ownership, writer: clinic.records, reader: reader,
                         inbox: router.commitInbox, sink: self)
        gate = SessionGate(clinic: clinic, services: services, router: router, publisher: publisher, desk: desk,
                           reader: reader, creations: creations)
        reads = AuditedReads(desk: desk, publisher: publisher)
        queues = QueueBoards(clinic: clinic, router: router, publisher: publisher, reads: reads)
        inboxes = InboxBoards(clinic: clinic, publisher: publisher, reader: reader, reads: reads)
        // Nothing is posted during construction (start-up phase 1): mail waits for `start()`.
        router.handleHere = { [unowned self] in handle($0) }
    }

    /// The clinic's clock (`WallClock` in production) as Care counts time.
    var instant: Instant { clinic.clock.now() }

    /// Start-up phase 2 (every loop's application exists): recover this loop's visits and tell
    /// the boards, then seed the demo on a new database. Runs before any listener accepts.
    func start() {
        recover()
        if services.index == 0, clinic.isFirstStart, let demo = clinic.configuration.demo { seed(demo) }
    }

    /// Loads this loop's open visits and tells their queues' boards about the waiting ones.
    private func recover() {
        do {
            let loaded = try desk.recover()
            if loaded > 0 { services.logger.info("visits recovered", metadata: ["loop": "\(services.index)", "visits": "\(loaded)"]) }
        } catch {
            services.logger.critical("visit recovery failed", metadata: ["loop": "\(services.index)", "error": "\(error)"])
        }
        for (resource, queue) in desk.queues {
            let changes = queue.entries.compactMap { desk.visit($0.visit).map { QueueBoard.Change.upsert(publisher.boardEntry($0)) } }
            router.send(.changes(resource, changes), toBoardOf: resource)
        }
    }

    // MARK: Application

    func opened(_ peer: Peer) { gate.opened(peer) }
    func received(_ message: WebSocketEvent, from peer: Peer) { gate.received(message, from: peer) }
    func closed(_ peer: Peer) { gate.closed(peer) }

    /// Mail for this loop, queued from elsewhere or handed over by the router at once.
    func handle(_ mail: CareMail) {
        let now = instant
        switch mail {
        case .visit(let mail):
            receive(mail, now: now)
        case .queue(let mail):
            queues.receive(mail, now: now)
        case .inbox(let mail):
            inboxes.receive(mail, now: now)
        case .connection(.triageAnswered(let request, let visit, let seq, let error)):
            triageAnswered(request, visit: visit, seq: seq, error: error)
        case .connection(let mail):
            gate.receive(mail)
        case .everyLoop(.disconnected(let subscriber)):
            desk.disconnected(subscriber, now: now)
            creations.disconnected(subscriber)
            reads.disconnected(subscriber)
            queues.disconnected(subscriber, now: now)
            inboxes.disconnected(subscriber)
        case .everyLoop(.presence(let patient, let online)):
            presenceChanged(patient, online: online)
        }
    }

    func tick() {
        let now = instant
        if let deadline = desk.nextDeadline(), deadline <= now { desk.expire(now: now) }
        // The server answered these 503 at its reply timeout; forget them well after that.
        triageRequests = triageRequests.filter { services.now &- $0.value.since < 300_000_000_000 }
        gate.enforceDeadlines()
    }

    /// Staff watching a queue the patient waits in, or a visit of the patient, on this loop.
    private func presenceChanged(_ patient: PatientID, online: Bool) {
        var staff = queues.watchers(seeing: patient)
        for id in desk.loadedVisits where desk.visit(id)?.patient == patient {
            staff.formUnion(desk.subscribers(of: id).filter { $0.audience == .staff })
        }
        publisher.broadcast(.presence(patient, online: online), to: staff.sorted())
    }
}

/// The desk tells this loop's parts what happened: reads the boards serve, or wire events.
extension CareApplication: OutcomeSink {
    func emit(_ outcome: Outcome, visit: Visit?) {
        guard case .readAudited(let token, let durable) = outcome else { return publisher.publish(outcome, state: visit) }
        switch reads.settle(token, durable: durable) {
        case .queue(let resource, let principal, let subscriber, let id)?:
            queues.startWatching(resource, by: principal, subscriber, id: id)
        case .inbox(let staff, let subscriber, let id)?:
            inboxes.startWatching(staff, subscriber, id: id)
        case nil:
            break
        }
    }
}
