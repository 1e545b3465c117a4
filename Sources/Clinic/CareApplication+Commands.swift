import Care
import Server
import Service
import Wire

/// Commands: checked on the connection's loop (who may ask at all, per-connection limits), then
/// performed where their state lives: a visit's desk, a queue's board, an inbox's loop.
extension CareApplication {
    func perform(_ command: ClientCommand, by principal: Principal, session: CareSession) {
        let id = command.id
        let subscriber = session.subscriber
        switch command.action {
        case .hello:
            break  // handled before
        case .createVisit(let contactReason, let text, let priority):
            guard case .patient(let patient) = principal else { return send(.error(.forbidden, id: id), to: subscriber) }
            guard admitCreation(by: patient.id, id: id, subscriber: subscriber) else { return }
            let intake = clinic.configuration.intake
            // Triage sets priorities; only demo patients may choose their own.
            let chosen = clinic.configuration.demo == nil ? nil : priority
            let request = DropInRequest(contactReason: contactReason, text: text, priority: chosen ?? intake.defaultPriority,
                                        resource: intake.resource, careProvider: intake.careProvider)
            creating[subscriber, default: [:]][id.rawValue] = principal
            reservations[CreationKey(subscriber: subscriber, commandID: id.rawValue)] = patient.id
            // Created on this loop: the desk draws an id this loop owns.
            desk.createDropIn(request, by: principal, commandID: id.rawValue, replyTo: subscriber, now: instant)
        case .open(let visit, _):
            guard session.visits.contains(visit) || session.visits.count < limits.openVisitsPerConnection else {
                return send(.error(id, code: .rateLimited, reason: nil, message: "too many open visits on this connection"), to: subscriber)
            }
            session.visits.insert(visit)
            forward(command.action, id: id, visit: visit, principal: principal, session: session)
        case .close(let visit):
            session.visits.remove(visit)
            forward(command.action, id: id, visit: visit, principal: principal, session: session)
        case .subscribeQueue(let named):
            let resource = principal.scope(named)
            guard AccessPolicy.canSubscribe(principal, queue: resource) else { return send(.error(.forbidden, id: id), to: subscriber) }
            guard session.queues.contains(resource) || session.queues.count < limits.queuesPerConnection else {
                return send(.error(id, code: .rateLimited, reason: nil, message: "too many queues on this connection"), to: subscriber)
            }
            session.queues.insert(resource)
            services.post(CareMail.queueSubscribe(resource, principal, subscriber, id), toLoop: boardOwner(resource))
        case .unsubscribeQueue(let named):
            let resource = principal.scope(named)
            session.queues.remove(resource)
            services.post(CareMail.queueUnsubscribe(resource, subscriber, id), toLoop: boardOwner(resource))
        case .subscribeInbox:
            guard case .staff(let staff) = principal else { return send(.error(.forbidden, id: id), to: subscriber) }
            session.watchesInbox = true
            services.post(CareMail.inboxSubscribe(staff, subscriber, id), toLoop: inboxOwner(staff.qualifiedID))
        case .typing(let visit):
            guard session.admitTyping(visit, at: instant, limits: limits) else { return }
            forward(command.action, id: id, visit: visit, principal: principal, session: session)
        case .history(let visit, _, _), .accept(let visit), .start(let visit), .sendMessage(let visit, _),
            .read(let visit, _), .changePriority(let visit, _), .end(let visit, _, _), .markDone(let visit):
            forward(command.action, id: id, visit: visit, principal: principal, session: session)
        }
    }

    func forward(_ action: ClientCommand.Action, id: CommandID?, visit: VisitID, principal: Principal, session: CareSession) {
        let forwarded = CareMail.Forwarded(action: action, id: id, principal: principal, subscriber: session.subscriber)
        services.post(CareMail.command(forwarded), toLoop: ownership.owner(of: visit))
    }

    /// On the visit's owner loop.
    func performOwned(_ forwarded: CareMail.Forwarded) {
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
        broadcast(staff: .typing(id, by: ActorView(principal.actor)), patient: .typing(id, by: .forPatient(principal.actor, in: visit)),
                  to: others, skippingSlow: true)
    }

    /// The per-patient intake limits (open visits, creations per hour), answered when refused.
    private func admitCreation(by patient: PatientID, id: CommandID, subscriber: Subscriber) -> Bool {
        let open = ((try? reader.openVisits(of: patient)) ?? []).filter { $0.phase == .active }.map(\.id)
        switch clinic.intake.reserve(patient, open: open, now: instant.millisecondsSinceEpoch, limits: limits) {
        case .admitted:
            return true
        case .tooManyOpen(let visit):
            send(.error(id, code: .conflict, reason: CareError.Conflict.openVisitLimit.rawValue,
                        message: "at most \(limits.openVisitsPerPatient) visits open at once; one is already open",
                        visit: visit), to: subscriber)
        case .tooManyThisHour:
            send(.error(id, code: .rateLimited, reason: nil,
                        message: "at most \(limits.visitsPerPatientPerHour) new visits per hour"), to: subscriber)
        }
        return false
    }
}
