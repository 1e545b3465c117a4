import Care
import Server
import Service
import WebSocket
import Wire

/// The door of the care protocol on one loop: every connection passes here first. It keeps this
/// loop's sessions, authenticates them (`SessionGate+Hello`), decodes their frames, applies the
/// per-connection limits and deadlines, and hands each admitted command on
/// (`SessionGate+Commands`): to the router, or to this loop's desk for a new visit.
final class SessionGate {
    let clinic: Clinic
    let services: LoopServices
    let router: CareRouter
    let publisher: Publisher
    let desk: VisitDesk
    let reader: any RecordReader
    let creations: Creations
    let decoder = CommandDecoder()
    var limits: SessionLimits { clinic.configuration.limits }
    /// This loop's connections.
    private(set) var sessions: [ConnectionID: CareSession] = [:]

    init(clinic: Clinic, services: LoopServices, router: CareRouter, publisher: Publisher, desk: VisitDesk,
         reader: any RecordReader, creations: Creations) {
        self.clinic = clinic
        self.services = services
        self.router = router
        self.publisher = publisher
        self.desk = desk
        self.reader = reader
        self.creations = creations
    }

    var instant: Instant { clinic.clock.now() }

    func opened(_ peer: Peer) {
        let session = CareSession(connection: peer.id, now: services.now, limits: limits)
        sessions[peer.id] = session
        if let token = TokenQuery.token(inQuery: peer.query) {
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
            publisher.send(.error(error), to: session.subscriber)
        case .success(let command):
            if case .hello(let token, let resume) = command.action {
                return authenticate(token: token, resume: resume, id: command.id, session: session, peer: peer)
            }
            guard let principal = session.principal else {
                return refuse(peer, session, id: command.id, message: "send hello with a token first")
            }
            guard session.admitCommand(now: services.now, limits: limits) else {
                if case .typing = command.action { return }  // ephemeral: dropping is the limit
                return publisher.send(.error(.rateLimited, id: command.id), to: session.subscriber)
            }
            perform(command, by: principal, session: session)
        }
    }

    func closed(_ peer: Peer) {
        guard let session = sessions.removeValue(forKey: peer.id), let principal = session.principal else { return }
        if clinic.presence.disconnect(principal), case .patient(let patient) = principal {
            router.sendToEveryLoop(.presence(patient.id, online: false))
        }
        // Subscriptions may live on any loop (visits by owner, boards by key): end them all.
        router.sendToEveryLoop(.disconnected(session.subscriber))
    }

    /// Mail about this loop's connections.
    func receive(_ mail: ConnectionMail) {
        switch mail {
        case .follows(let visit, let subscriber):
            sessions[subscriber.connection]?.visits.insert(visit)
        case .unfollowed(let visit, let subscriber):
            sessions[subscriber.connection]?.visits.remove(visit)
        case .triageAnswered:
            break  // the HTTP side holds triage requests
        }
    }

    /// The hello deadline and token expiry, from the loop's housekeeping tick.
    func enforceDeadlines() {
        let now = instant
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

    /// `unauthorized`, then close 4001: the client needs a (fresh) token.
    func refuse(_ peer: Peer, _ session: CareSession, id: CommandID?, message: String) {
        publisher.send(.error(id, code: .unauthorized, reason: nil, message: message), to: session.subscriber)
        peer.close(code: CloseCode(rawValue: 4001), reason: message)
    }
}
