import Care
import Server
import Service
import Wire

/// The desk's outcomes become wire events here, on the visit's owner loop: encoded once per
/// view, written to the subscribers wherever they are, and fed to the boards and inboxes. Views
/// are rendered from `state` (the committed visit the desk handed over with the outcome); the
/// publisher never calls the desk, so nothing re-enters it while it is telling.
extension Publisher {
    func publish(_ outcome: Outcome, state: Visit?) {
        switch outcome {
        case .ack(let to, _, let visit, let seq) where to.triageRequest != nil:
            router.send(.triageAnswered(request: to.triageRequest!, visit: visit, seq: seq, nil), toLoopOf: to)
        case .error(let to, _, let visit, let error) where to.triageRequest != nil:
            router.send(.triageAnswered(request: to.triageRequest!, visit: visit, seq: nil, error), toLoopOf: to)
        case .ack(let to, let commandID, let visit, let seq):
            guard let commandID else { return }
            let creator = creations.answered(Creations.Key(subscriber: to, commandID: commandID), created: true)
            send(.ack(CommandID(commandID), visit: visit, seq: seq.map { seen(seq: $0, in: state, by: to) }), to: to)
            if let creator {
                // "ack with visit, then the visit snapshot": the creator follows the new visit.
                // The open is queued on this loop (the desk is still telling), so it runs next.
                router.send(.follows(visit, to), toLoopOf: to)
                let open = ForwardedCommand(action: .open(visit, after: nil), id: CommandID(commandID), principal: creator, subscriber: to)
                router.queueHere(.visit(.command(open)))
            }
        case .error(let to, let commandID, let visit, let error):
            if let commandID { _ = creations.answered(Creations.Key(subscriber: to, commandID: commandID), created: false) }
            send(Self.event(for: error, id: commandID.map(CommandID.init), visit: visit), to: to)
            // A visit the sender cannot see is not open on its connection: a refused open (or
            // resume entry) stops counting towards the connection's open visits.
            if case .care(.notFound) = error, let visit { router.send(.unfollowed(visit, to), toLoopOf: to) }
        case .event(let id, let event, let to):
            let patientView = state.flatMap { VisitEventView(forPatient: event, of: $0) }
            broadcast(staff: .visitEvent(VisitEventView(event)), patient: patientView.map(ServerEvent.visitEvent), to: to)
            if let state, state.id == id { feedInbox(state) }
        case .queueChanged(let resource, let changes):
            let forBoard: [QueueBoard.Change] = changes.compactMap { change in
                switch change {
                case .added(let entry):
                    return state.flatMap { $0.id == entry.visit ? .upsert(boardEntry($0)) : nil }
                case .priorityChanged(let visit, _, _):
                    return state.flatMap { $0.id == visit ? .upsert(boardEntry($0)) : nil }
                case .removed(let visit):
                    return .removed(visit)
                }
            }
            router.send(.changes(resource, forBoard), toBoardOf: resource)
        case .notify:
            clinic.notifications.notify()
        case .opened(let to, let commandID, let snapshot, let missed):
            deliverSnapshot(snapshot, to: to, id: commandID, missed: missed)
        case .reload(let to, let commandID, let snapshot):
            send(.reload(snapshot.visit.id), to: to)
            deliverSnapshot(snapshot, to: to, id: commandID, missed: [])
        case .history(let to, let commandID, let visit, let events, let hasEarlier):
            send(.history(visit, events: views(of: events, in: state, for: to), hasMore: hasEarlier,
                          id: commandID.map(CommandID.init)), to: to)
        case .receipt(let visit, let reader, let upTo, let to):
            let patient = state.map { receiptForPatient(of: $0, by: reader, upTo: upTo) }
            broadcast(staff: .receipt(visit, by: ActorView(reader), upTo: upTo), patient: patient, to: to)
        case .unsubscribed(let visit, let reason, let to):
            broadcast(.unsubscribed(visit, reason: reason), to: to)
            for subscriber in to { router.send(.unfollowed(visit, subscriber), toLoopOf: subscriber) }
        case .readAudited:
            break  // the boards serve those reads (`CareApplication.emit`)
        }
    }

    static func event(for error: ServiceError, id: CommandID?, visit: VisitID? = nil) -> ServerEvent {
        switch error {
        case .care(let care): .error(care, id: id, visit: visit)
        case .busy: .error(id, code: .busy, reason: nil, message: "the store is busy; retry with backoff", visit: visit)
        case .internal: .error(id, code: .internal, reason: nil, message: "server fault; retry later", visit: visit)
        }
    }

    /// The snapshot, then exactly the missed events, then every participant's read mark.
    private func deliverSnapshot(_ snapshot: VisitSnapshot, to subscriber: Subscriber, id: String?, missed: [VisitEvent]) {
        let visit = snapshot.visit
        let view = VisitView(visit, queuePosition: visit.state == .waiting ? positions[visit.id] : nil,
                             patient: clinic.directory.patient(visit.patient, reader: reader),
                             patientOnline: clinic.presence.isOnline(visit.patient))
        send(.visit(view, id: id.map(CommandID.init)), to: subscriber)
        for event in views(of: missed, in: visit, for: subscriber) { send(.visitEvent(event), to: subscriber) }
        for (reader, upTo) in snapshot.receipts.upTo.sorted(by: { $0.value < $1.value }) {
            send(subscriber.audience == .patient ? receiptForPatient(of: visit, by: reader, upTo: upTo)
                 : .receipt(visit.id, by: ActorView(reader), upTo: upTo), to: subscriber)
        }
    }

    /// Log events as `subscriber` may see them: a patient gets the visible ones in the patient's
    /// numbering, staff named not by id (nothing at all if the visit is not at hand).
    private func views(of events: [VisitEvent], in visit: Visit?, for subscriber: Subscriber) -> [VisitEventView] {
        guard subscriber.audience == .patient else { return events.map(VisitEventView.init) }
        guard let visit else { return [] }
        return events.compactMap { VisitEventView(forPatient: $0, of: visit) }
    }

    /// A read mark as the patient sees it: in the patient's numbering, staff named not by id.
    private func receiptForPatient(of visit: Visit, by reader: Party, upTo: UInt64) -> ServerEvent {
        .receipt(visit.id, by: .forPatient(reader, in: visit),
                 upTo: visit.patientNumbering.patientSeq(readingUpTo: upTo))
    }

    /// A seq acked to `subscriber`: a patient's in the patient's numbering.
    private func seen(seq: UInt64, in visit: Visit?, by subscriber: Subscriber) -> UInt64 {
        guard subscriber.audience == .patient, let visit else { return seq }
        return visit.patientNumbering.patientSeq(readingUpTo: seq)
    }

    /// Ended visits live in their clinician's async inbox: its loop hears of every change.
    private func feedInbox(_ visit: Visit) {
        guard let responsible = visit.responsible?.id, visit.asyncInbox != nil else { return }
        let staff = QualifiedStaffID(careProvider: visit.careProvider, staff: responsible)
        router.send(.visitChanged(staff, visit), toInboxOf: staff)
    }

    /// A waiting visit as its queue board shows it, named from the directory.
    func boardEntry(_ visit: Visit) -> QueueBoard.Entry {
        QueueBoard.Entry(visit, patientName: clinic.directory.patient(visit.patient, reader: reader)?.displayName)
    }
}
