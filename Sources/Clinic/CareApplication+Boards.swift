import Care
import FoundationEssentials
import Server
import Service
import Wire

/// Mail between loops: visit commands to their desk, queue boards and inboxes to the loop that
/// keeps them, and what comes back (positions, presence, audit results).
extension CareApplication {
    func receive(_ mail: CareMail) {
        let now = instant
        switch mail {
        case .command(let forwarded):
            performOwned(forwarded)
        case .commit(let commit):
            desk.committed(commit, now: now)
        case .audited(let ticket, let ok):
            guard let watch = watching.removeValue(forKey: ticket) else { return }
            ok ? startWatching(watch) : send(Self.event(for: .internal, id: watch.id), to: watch.subscriber)
        case .disconnected(let subscriber):
            disconnect(subscriber, now: now)
        case .queueChanges(let resource, let changes):
            let board = boards[resource] ?? QueueBoard(resource: resource)
            boards[resource] = board
            var moved: [VisitID: Int?] = [:]
            for change in changes {
                let (event, places) = board.apply(change, online: clinic.presence.isOnline)
                if let event { broadcast(event, to: board.watchers.keys.sorted()) }
                moved.merge(places) { $1 }
            }
            var byOwner: [Int: [VisitID: Int?]] = [:]
            for (visit, place) in moved { byOwner[ownership.owner(of: visit), default: [:]][visit] = place }
            for (loop, places) in byOwner { services.post(CareMail.positions(places), toLoop: loop) }
            if board.isEmpty { boards[resource] = nil }
        case .queueSubscribe(let resource, let principal, let subscriber, let id):
            audit(.queue(resource, principal, subscriber, id), action: "queue.subscribe", principal: principal,
                  unit: resource.unit, detail: "\(resource)", now: now)
        case .queueUnsubscribe(let resource, let subscriber, let id):
            if let principal = boards[resource]?.watchers.removeValue(forKey: subscriber) {
                writeAudit(action: "queue.unsubscribe", principal: principal, unit: resource.unit, detail: "\(resource)", now: now)
                if boards[resource]?.isEmpty == true { boards[resource] = nil }
            }
            if let id { send(.ack(id, visit: nil, seq: nil), to: subscriber) }
        case .positions(let places):
            for (visit, place) in places {
                positions[visit] = place
                guard let place else { continue }
                let patients = desk.subscribers(of: visit).filter { $0.audience == .patient }
                broadcast(.position(visit, position: place), to: patients)
            }
        case .presence(let patient, let online):
            presenceChanged(patient, online: online)
        case .unfollowed(let visit, let subscriber):
            sessions[subscriber.connection]?.visits.remove(visit)
        case .inboxVisit(let staff, let visit):
            if let board = inboxes[staff], let event = board.update(visit, names: patientName) { broadcast(event, to: board.watchers.keys.sorted()) }
        case .inboxSubscribe(let staff, let subscriber, let id):
            audit(.inbox(staff, subscriber, id), action: "inbox.subscribe", principal: .staff(staff), unit: nil,
                  detail: nil, now: now)
        case .triageAnswered(let request, let visit, let seq, let error):
            triageAnswered(request, visit: visit, seq: seq, error: error)
        }
    }

    private func startWatching(_ watch: Watch) {
        switch watch {
        case .queue(let resource, let principal, let subscriber, let id):
            let board = boards[resource] ?? QueueBoard(resource: resource)
            boards[resource] = board
            board.watchers[subscriber] = principal
            send(board.snapshot(id: id, online: clinic.presence.isOnline), to: subscriber)
        case .inbox(let staff, let subscriber, let id):
            let board = inboxes[staff.qualifiedID] ?? InboxBoard(staff: staff.id, visits: storedVisits(heldBy: staff.qualifiedID))
            inboxes[staff.qualifiedID] = board
            board.watchers[subscriber] = .staff(staff)
            send(board.snapshot(id: id, names: patientName), to: subscriber)
        }
    }

    func patientName(_ patient: PatientID) -> String? {
        clinic.directory.patient(patient, reader: reader)?.displayName
    }

    /// The visits a clinician holds, as the store's projection rows describe them (the same
    /// staff id under another care provider is someone else).
    func storedVisits(heldBy staff: QualifiedStaffID) -> [Visit] {
        ((try? reader.visits(heldBy: staff.staff, limit: 200)) ?? []).filter { $0.careProvider == staff.careProvider }
    }

    private func disconnect(_ subscriber: Subscriber, now: Instant) {
        desk.disconnected(subscriber, now: now)
        creating[subscriber] = nil
        for (ticket, watch) in watching where watch.subscriber == subscriber { watching[ticket] = nil }
        for (resource, board) in boards {
            guard let principal = board.watchers.removeValue(forKey: subscriber) else { continue }
            writeAudit(action: "queue.unsubscribe", principal: principal, unit: resource.unit,
                       detail: "\(resource) disconnected", now: now)
            if board.isEmpty { boards[resource] = nil }
        }
        for (staff, board) in inboxes where board.watchers.removeValue(forKey: subscriber) != nil {
            if board.watchers.isEmpty { inboxes[staff] = nil }
        }
    }

    /// Audits the start of a watch; the snapshot goes out once the record is durable.
    private func audit(_ watch: Watch, action: String, principal: Principal, unit: UnitID?, detail: String?, now: Instant) {
        let ticket = nextWatchTicket
        nextWatchTicket += 1
        let inbox = services.inbox
        let record = AuditTrail.record(action, by: principal, unit: unit, detail: detail, at: now)
        let submitted = clinic.records.submit(.audit([record])) { result in
            inbox.post(CareMail.audited(ticket: ticket, ok: (try? result.get()) != nil))
        }
        if submitted == .accepted {
            watching[ticket] = watch
        } else {
            send(Self.event(for: .busy, id: watch.id), to: watch.subscriber)
        }
    }

    private func writeAudit(action: String, principal: Principal, unit: UnitID?, detail: String?, now: Instant) {
        let record = AuditTrail.record(action, by: principal, unit: unit, detail: detail, at: now)
        clinic.records.submit(.audit([record]))
    }
}

extension CareApplication.Watch {
    var subscriber: Subscriber {
        switch self {
        case .queue(_, _, let subscriber, _), .inbox(_, let subscriber, _): subscriber
        }
    }

    var id: CommandID {
        switch self {
        case .queue(_, _, _, let id), .inbox(_, _, let id): id
        }
    }
}
