import Care
import Server
import Service
import Wire

/// Authentication, the welcome, and what a (re)connected client is subscribed to at once.
extension SessionGate {
    func authenticate(token: String, resume: [VisitID: UInt64], id: CommandID?, session: CareSession, peer: Peer) {
        let now = instant
        guard let claims = try? clinic.issuer.verify(token, now: now.millisecondsSinceEpoch / 1000),
            let principal = Principal(claims)
        else { return refuse(peer, session, id: id, message: "invalid or expired token") }
        let expiresAt = Instant(millisecondsSinceEpoch: claims.exp * 1000)
        // The verifier allows clock skew; a session still ends at `exp` itself.
        guard expiresAt > now else { return refuse(peer, session, id: id, message: "token expired") }
        if let current = session.principal {
            // A second hello refreshes the token of the same person; it cannot switch person.
            guard current.subjectKey == principal.subjectKey else {
                return refuse(peer, session, id: id, message: "the token names someone else")
            }
            session.authenticate(principal, expiresAt: expiresAt)
            return welcome(session, principal, id: id, now: now)
        }
        switch clinic.presence.connect(principal, limit: limits.connectionsPerUser) {
        case .overLimit:
            publisher.send(.error(id, code: .rateLimited, reason: nil, message: "too many connections for this user"), to: session.subscriber)
            return peer.close(code: .policyViolation, reason: "too many connections for this user")
        case .admitted(let cameOnline):
            session.authenticate(principal, expiresAt: expiresAt)
            if case .patient(let patient) = principal {
                if clinic.directory.register(patient) {
                    clinic.records.submit(.registerPatient(patient, at: now))
                }
                if cameOnline { router.sendToEveryLoop(.presence(patient.id, online: true)) }
            }
        }
        welcome(session, principal, id: id, now: now)
        // Resumed visits continue after the client's seq; the visits the person holds open come
        // with a fresh snapshot, so a reloaded page finds them without knowing their ids.
        var opens: [VisitID: UInt64?] = resume.mapValues { $0 }
        for visit in heldVisits(of: principal) where opens[visit] == nil { opens[visit] = .some(nil) }
        for (visit, after) in opens.sorted(by: { $0.key < $1.key }).prefix(limits.openVisitsPerConnection) {
            session.visits.insert(visit)
            forward(.open(visit, after: after), id: nil, visit: visit, principal: principal, session: session)
        }
    }

    private func welcome(_ session: CareSession, _ principal: Principal, id: CommandID?, now: Instant) {
        guard let welcome = Welcome(id: id, principal: principal, serverTime: now, expiresAt: session.expiresAt) else { return }
        publisher.send(.welcome(welcome), to: session.subscriber)
    }

    /// A patient's visits that are not closed; a clinician's visits they hold that are not closed.
    private func heldVisits(of principal: Principal) -> [VisitID] {
        let rows: [VisitSummary]
        switch principal {
        case .patient(let patient):
            rows = (try? reader.openVisits(of: patient.id)) ?? []
        case .staff(let staff):
            return InboxBoards.storedVisits(heldBy: staff.qualifiedID, reader: reader).filter { $0.state != .closed }.map(\.id)
        case .system:
            rows = []
        }
        return rows.map(\.id)
    }
}
