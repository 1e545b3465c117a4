import Care
import Logging
import Posix
import Server
import Service
import WebSocket
import Wire

/// The care protocol on one loop. It serves this loop's connections (authentication, limits,
/// decoding) and owns this loop's share of the state: the visits of its `VisitDesk`, the queue
/// boards and async inboxes that hash to it. Work for state elsewhere travels as `CareMail`.
final class CareApplication: Application {
    let clinic: Clinic
    let services: LoopServices
    let reader: any RecordReader
    let ownership: VisitOwnership
    var desk: VisitDesk!
    let decoder = CommandDecoder()
    let encoder = EventEncoder()
    var limits: SessionLimits { clinic.configuration.limits }

    /// This loop's connections.
    var sessions: [ConnectionID: CareSession] = [:]
    /// Boards and inboxes this loop keeps (by `ownership.owner(ofKey:)`).
    var boards: [Resource: QueueBoard] = [:]
    var inboxes: [QualifiedStaffID: InboxBoard] = [:]
    /// Queue places of the waiting visits this loop owns, from their boards.
    var positions: [VisitID: Int] = [:]
    /// Queue and inbox subscriptions whose audit record is in flight.
    var watching: [UInt64: Watch] = [:]
    var nextWatchTicket: UInt64 = 1
    /// `visit.create`s in flight: once acked, the patient is subscribed to the new visit.
    var creating: [Subscriber: [String: Principal]] = [:]
    /// Creations counted in flight by the intake ledger, until their ack or error (kept across a
    /// disconnect: the desk still answers, and only then does the store count the visit).
    var reservations: [CreationKey: PatientID] = [:]
    /// Triage requests waiting for their commit, by number.
    var triageRequests: [UInt64: (responder: HTTPResponder, since: UInt64)] = [:]
    var nextTriageRequest: UInt64 = 1

    struct CreationKey: Hashable {
        var subscriber: Subscriber
        var commandID: String
    }

    enum Watch {
        case queue(Resource, Principal, Subscriber, CommandID)
        case inbox(StaffMember, Subscriber, CommandID)
    }

    init(clinic: Clinic, services: LoopServices) {
        self.clinic = clinic
        self.services = services
        ownership = VisitOwnership(loops: services.loopCount)
        do {
            reader = try clinic.records.makeReader()
        } catch {
            // The writer opened and migrated this file moments ago; a reader that cannot is fatal.
            fatalError("loop \(services.index): cannot open the store for reading: \(error)")
        }
        desk = VisitDesk(loop: services.index, ownership: ownership, writer: clinic.records, reader: reader,
                         inbox: LoopCommitInbox(inbox: services.inbox), sink: self)
    }

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
            let changes = queue.entries.compactMap { desk.visit($0.visit).map { QueueBoard.Change.upsert(boardEntry($0)) } }
            services.post(CareMail.queueChanges(resource, changes), toLoop: boardOwner(resource))
        }
    }

    // MARK: Application

    func opened(_ peer: Peer) {
        let session = CareSession(connection: peer.id, now: services.now, limits: limits)
        sessions[peer.id] = session
        if let token = Self.token(inQuery: peer.query) {
            authenticate(token: token, resume: [:], id: nil, session: session, peer: peer)
        }
    }

    func received(_ message: WebSocketEvent, from peer: Peer) {
        guard let session = sessions[peer.id] else { return }
        guard case .text(let bytes) = message else {
            return peer.close(code: .unsupportedData, reason: "carewire.v1 uses text frames only")
        }
        switch decoder.decode(bytes) {
        case .failure(let error):
            send(.error(error), to: session.subscriber)
        case .success(let command):
            if case .hello(let token, let resume) = command.action {
                return authenticate(token: token, resume: resume, id: command.id, session: session, peer: peer)
            }
            guard let principal = session.principal else {
                return refuse(peer, session, id: command.id, message: "send hello with a token first")
            }
            guard session.admitCommand(now: services.now, limits: limits) else {
                if case .typing = command.action { return }  // ephemeral: dropping is the limit
                return send(.error(.rateLimited, id: command.id), to: session.subscriber)
            }
            perform(command, by: principal, session: session)
        }
    }

    func closed(_ peer: Peer) {
        guard let session = sessions.removeValue(forKey: peer.id), let principal = session.principal else { return }
        if clinic.presence.disconnect(principal), case .patient(let patient) = principal {
            announce(patient.id, online: false)
        }
        // Subscriptions may live on any loop (visits by owner, boards by key): end them all.
        for loop in 0..<services.loopCount { services.post(CareMail.disconnected(session.subscriber), toLoop: loop) }
    }

    func handle(_ message: any Sendable) {
        guard let mail = message as? CareMail else { return }
        receive(mail)
    }

    func tick() {
        let now = instant
        if let deadline = desk.nextDeadline(), deadline <= now { desk.expire(now: now) }
        // The server answered these 503 at its reply timeout; forget them well after that.
        triageRequests = triageRequests.filter { services.now &- $0.value.since < 300_000_000_000 }
        let helloDeadline = UInt64(limits.helloTimeoutMilliseconds) * 1_000_000
        for session in sessions.values {
            guard let peer = services.peer(session.connection) else { continue }
            if session.principal == nil, services.now &- session.openedAt >= helloDeadline {
                refuse(peer, session, id: nil, message: "no hello within \(limits.helloTimeoutMilliseconds) ms")
            } else if let expiry = session.expiresAt, expiry <= now {
                refuse(peer, session, id: nil, message: "token expired")
            }
        }
    }

    // MARK: Shared

    /// The clinic's clock (`WallClock` in production) as Care counts time.
    var instant: Instant { clinic.clock.now() }

    /// A waiting visit as its queue board shows it, named from the directory.
    func boardEntry(_ visit: Visit) -> QueueBoard.Entry {
        QueueBoard.Entry(visit, patientName: clinic.directory.patient(visit.patient, reader: reader)?.displayName)
    }

    func boardOwner(_ resource: Resource) -> Int { ownership.owner(ofKey: "queue:\(resource)") }
    func inboxOwner(_ staff: QualifiedStaffID) -> Int { ownership.owner(ofKey: "inbox:\(staff)") }

    /// `unauthorized`, then close 4001: the client needs a (fresh) token.
    func refuse(_ peer: Peer, _ session: CareSession, id: CommandID?, message: String) {
        send(.error(id, code: .unauthorized, reason: nil, message: message), to: session.subscriber)
        peer.close(code: CloseCode(rawValue: 4001), reason: message)
    }

    /// `token=` from the upgrade's query string (percent-decoded; a JWT needs no encoding,
    /// but clients may encode anyway).
    static func token(inQuery query: String?) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") where pair.hasPrefix("token=") {
            return percentDecoded(pair.dropFirst(6))
        }
        return nil
    }

    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Store results come back to the desk through the loop's mailbox.
struct LoopCommitInbox: CommitInbox {
    let inbox: ApplicationInbox

    func post(_ commit: Commit) { inbox.post(CareMail.commit(commit)) }
}
