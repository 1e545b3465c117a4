import Care
import Server
import Service
import Wire

/// The queue boards this loop keeps (by `CareRouter.boardOwner`): each merges the waiting
/// visits every desk reports for its queue, numbers the places, and tells its watchers. A watch
/// starts only once its audit record is durable (through this loop's desk).
final class QueueBoards {
    let clinic: Clinic
    let router: CareRouter
    let publisher: Publisher
    let reads: AuditedReads
    private(set) var boards: [Resource: QueueBoard] = [:]

    init(clinic: Clinic, router: CareRouter, publisher: Publisher, reads: AuditedReads) {
        self.clinic = clinic
        self.router = router
        self.publisher = publisher
        self.reads = reads
    }

    func receive(_ mail: QueueMail, now: Instant) {
        switch mail {
        case .changes(let resource, let changes):
            let board = board(resource)
            var moved: [VisitID: Int?] = [:]
            for change in changes {
                let (event, places) = board.apply(change, online: clinic.presence.isOnline)
                if let event { publisher.broadcast(event, to: board.watchers.keys.sorted()) }
                moved.merge(places) { $1 }
            }
            router.sendPositions(moved)
            if board.isEmpty { boards[resource] = nil }
        case .subscribe(let resource, let principal, let subscriber, let id):
            let record = AuditTrail.record("queue.subscribe", by: principal, unit: resource.unit, detail: "\(resource)", at: now)
            reads.begin(.queue(resource, principal, subscriber, id), record: record)
        case .unsubscribe(let resource, let subscriber, let id):
            if let principal = boards[resource]?.watchers.removeValue(forKey: subscriber) {
                reads.audit([AuditTrail.record("queue.unsubscribe", by: principal, unit: resource.unit, detail: "\(resource)", at: now)],
                            now: now)
                if boards[resource]?.isEmpty == true { boards[resource] = nil }
            }
            if let id { publisher.send(.ack(id, visit: nil, seq: nil), to: subscriber) }
        }
    }

    /// The audit record of `subscriber`'s watch is durable: it gets the snapshot, then changes.
    func startWatching(_ resource: Resource, by principal: Principal, _ subscriber: Subscriber, id: CommandID) {
        let board = board(resource)
        board.watchers[subscriber] = principal
        publisher.send(board.snapshot(id: id, online: clinic.presence.isOnline), to: subscriber)
    }

    func disconnected(_ subscriber: Subscriber, now: Instant) {
        for (resource, board) in boards {
            guard let principal = board.watchers.removeValue(forKey: subscriber) else { continue }
            reads.audit([AuditTrail.record("queue.unsubscribe", by: principal, unit: resource.unit,
                                           detail: "\(resource) disconnected", at: now)], now: now)
            if board.isEmpty { boards[resource] = nil }
        }
    }

    /// Staff watching a queue in which `patient` waits.
    func watchers(seeing patient: PatientID) -> Set<Subscriber> {
        var staff = Set<Subscriber>()
        for board in boards.values where board.contains(patient: patient) { staff.formUnion(board.watchers.keys) }
        return staff
    }

    private func board(_ resource: Resource) -> QueueBoard {
        if let board = boards[resource] { return board }
        let board = QueueBoard(resource: resource)
        boards[resource] = board
        return board
    }
}
