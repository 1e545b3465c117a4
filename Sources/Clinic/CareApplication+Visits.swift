import Care
import Server
import Service
import Wire

/// Mail for the visits this loop owns: commands performed on the desk, store results, and the
/// queue places their patients see.
extension CareApplication {
    func receive(_ mail: VisitMail, now: Instant) {
        switch mail {
        case .command(let forwarded):
            performOwned(forwarded)
        case .commit(let commit):
            desk.committed(commit, now: now)
        case .positions(let places):
            for (visit, place) in places {
                publisher.positions[visit] = place
                guard let place else { continue }
                let patients = desk.subscribers(of: visit).filter { $0.audience == .patient }
                publisher.broadcast(.position(visit, position: place), to: patients)
            }
        }
    }

    /// On the visit's owner loop.
    private func performOwned(_ forwarded: ForwardedCommand) {
        let (principal, subscriber, commandID) = (forwarded.principal, forwarded.subscriber, forwarded.id?.rawValue)
        let now = instant
        switch forwarded.action {
        case .open(let visit, let after):
            desk.open(visit, by: principal, subscriber: subscriber, after: after, commandID: commandID, now: now)
        case .close(let visit):
            desk.close(visit, subscriber: subscriber, commandID: commandID, now: now)
        case .history(let visit, let before, let limit):
            desk.history(visit, by: principal, before: before, limit: limit, subscriber: subscriber, commandID: commandID, now: now)
        case .read(let visit, let upTo):
            desk.markRead(visit, by: principal, upTo: upTo, subscriber: subscriber, commandID: commandID, now: now)
        case .typing(let visit):
            typing(in: visit, by: principal, from: subscriber)
        default:
            guard let id = forwarded.id, let (visit, command) = ClientCommand(id: id, forwarded.action).visitCommand else { return }
            desk.submit(command, visit: visit, by: principal, commandID: commandID, replyTo: subscriber, now: now)
        }
    }

    /// Ephemeral: to the visit's other subscribers, if the sender takes part in the open visit.
    private func typing(in id: VisitID, by principal: Principal, from sender: Subscriber) {
        guard let visit = desk.visit(id), visit.state != .closed, AccessPolicy.canRead(principal, visit) else { return }
        let participant = switch principal {
        case .patient(let patient): visit.patient == patient.id
        case .staff(let staff): visit.responsible?.id == staff.id
        case .system: false
        }
        guard participant else { return }
        let others = desk.subscribers(of: id).filter { $0 != sender }
        guard !others.isEmpty else { return }
        publisher.broadcast(staff: .typing(id, by: ActorView(principal.actor)), patient: .typing(id, by: .forPatient(principal.actor, in: visit)),
                  to: others, skippingSlow: true)
    }

}
