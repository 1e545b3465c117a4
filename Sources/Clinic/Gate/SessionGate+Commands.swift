import Care
import Server
import Service
import Wire

/// Commands: checked on the connection's loop (who may ask at all, per-connection limits), then
/// sent to where their state lives: a visit's desk, a queue's board, an inbox's loop.
extension SessionGate {
    func perform(_ command: ClientCommand, by principal: Principal, session: CareSession) {
        let id = command.id
        let subscriber = session.subscriber
        switch command.action {
        case .hello:
            break  // handled before
        case .createVisit(let contactReason, let text, let priority):
            guard case .patient(let patient) = principal else { return publisher.send(.error(.forbidden, id: id), to: subscriber) }
            guard admitCreation(by: patient.id, id: id, subscriber: subscriber) else { return }
            let intake = clinic.configuration.intake
            // Triage sets priorities; only demo patients may choose their own.
            let chosen = clinic.configuration.demo == nil ? nil : priority
            let request = DropInRequest(contactReason: contactReason, text: text, priority: chosen ?? intake.defaultPriority,
                                        resource: intake.resource, careProvider: intake.careProvider)
            creations.begin(Creations.Key(subscriber: subscriber, commandID: id.rawValue), by: principal, patient: patient.id)
            // Created on this loop: the desk draws an id this loop owns.
            desk.createDropIn(request, by: principal, commandID: id.rawValue, replyTo: subscriber, now: instant)
        case .open(let visit, _):
            guard session.visits.contains(visit) || session.visits.count < limits.openVisitsPerConnection else {
                return publisher.send(.error(id, code: .rateLimited, reason: nil, message: "too many open visits on this connection"), to: subscriber)
            }
            session.visits.insert(visit)
            forward(command.action, id: id, visit: visit, principal: principal, session: session)
        case .close(let visit):
            session.visits.remove(visit)
            forward(command.action, id: id, visit: visit, principal: principal, session: session)
        case .subscribeQueue(let named):
            let resource = principal.scope(named)
            guard AccessPolicy.canSubscribe(principal, queue: resource) else { return publisher.send(.error(.forbidden, id: id), to: subscriber) }
            guard session.queues.contains(resource) || session.queues.count < limits.queuesPerConnection else {
                return publisher.send(.error(id, code: .rateLimited, reason: nil, message: "too many queues on this connection"), to: subscriber)
            }
            session.queues.insert(resource)
            router.send(.subscribe(resource, principal, subscriber, id), toBoardOf: resource)
        case .unsubscribeQueue(let named):
            let resource = principal.scope(named)
            session.queues.remove(resource)
            router.send(.unsubscribe(resource, subscriber, id), toBoardOf: resource)
        case .subscribeInbox:
            guard case .staff(let staff) = principal else { return publisher.send(.error(.forbidden, id: id), to: subscriber) }
            session.watchesInbox = true
            router.send(.subscribe(staff, subscriber, id), toInboxOf: staff.qualifiedID)
        case .typing(let visit):
            guard session.admitTyping(visit, at: instant, limits: limits) else { return }
            forward(command.action, id: id, visit: visit, principal: principal, session: session)
        case .searchDirectory, .browseDirectory, .lookupDirectory:
            answerDirectory(command.action, by: principal, id: id, to: subscriber)
        case .history(let visit, _, _), .accept(let visit), .start(let visit), .sendMessage(let visit, _),
            .read(let visit, _), .changePriority(let visit, _), .end(let visit, _, _), .markDone(let visit):
            forward(command.action, id: id, visit: visit, principal: principal, session: session)
        }
    }

    func forward(_ action: ClientCommand.Action, id: CommandID?, visit: VisitID, principal: Principal, session: CareSession) {
        let forwarded = ForwardedCommand(action: action, id: id, principal: principal, subscriber: session.subscriber)
        router.send(.command(forwarded), toOwnerOf: visit)
    }

    /// The per-patient intake limits (open visits, creations per hour), answered when refused.
    private func admitCreation(by patient: PatientID, id: CommandID, subscriber: Subscriber) -> Bool {
        let open = ((try? reader.openVisits(of: patient)) ?? []).filter { $0.phase == .active }.map(\.id)
        // The store's arrivals count only when the ledger holds nothing of the patient; at most as
        // many as the hourly limit can refuse (bounded: a generous limit must not mean a huge read).
        let newest = min(limits.visitsPerPatientPerHour, 10_000)
        let arrivals = { ((try? self.reader.arrivals(of: patient, newest: newest)) ?? []).map(\.millisecondsSinceEpoch) }
        switch clinic.intake.reserve(patient, open: open, now: instant.millisecondsSinceEpoch, limits: limits, arrivals: arrivals) {
        case .admitted:
            return true
        case .tooManyOpen(let visit):
            publisher.send(.error(id, code: .conflict, reason: CareError.Conflict.openVisitLimit.rawValue,
                        message: "at most \(limits.openVisitsPerPatient) visits open at once; one is already open",
                        visit: visit), to: subscriber)
        case .tooManyThisHour:
            publisher.send(.error(id, code: .rateLimited, reason: nil,
                        message: "at most \(limits.visitsPerPatientPerHour) new visits per hour"), to: subscriber)
        }
        return false
    }
}
