import Care
import Server
import Service
import Wire

/// The async inboxes this loop keeps (by `CareRouter.inboxOwner`): ended visits of one
/// clinician, kept current from the desks' changes while someone watches. A watch starts only
/// once its audit record is durable (through this loop's desk).
final class InboxBoards {
    let clinic: Clinic
    let publisher: Publisher
    let reader: any RecordReader
    let reads: AuditedReads
    private var inboxes: [QualifiedStaffID: InboxBoard] = [:]

    init(clinic: Clinic, publisher: Publisher, reader: any RecordReader, reads: AuditedReads) {
        self.clinic = clinic
        self.publisher = publisher
        self.reader = reader
        self.reads = reads
    }

    func receive(_ mail: InboxMail, now: Instant) {
        switch mail {
        case .visitChanged(let staff, let visit):
            if let board = inboxes[staff], let event = board.update(visit, names: patientName) {
                publisher.broadcast(event, to: board.watchers.keys.sorted())
            }
        case .subscribe(let staff, let subscriber, let id):
            let record = AuditTrail.record("inbox.subscribe", by: .staff(staff), unit: nil, detail: nil, at: now)
            reads.begin(.inbox(staff, subscriber, id), record: record)
        }
    }

    /// The audit record of `subscriber`'s watch is durable: it gets the inbox, then changes.
    func startWatching(_ staff: StaffMember, _ subscriber: Subscriber, id: CommandID) {
        let board = inboxes[staff.qualifiedID]
            ?? InboxBoard(staff: staff.id, visits: Self.storedVisits(heldBy: staff.qualifiedID, reader: reader))
        inboxes[staff.qualifiedID] = board
        board.watchers[subscriber] = .staff(staff)
        publisher.send(board.snapshot(id: id, names: patientName), to: subscriber)
    }

    func disconnected(_ subscriber: Subscriber) {
        for (staff, board) in inboxes where board.watchers.removeValue(forKey: subscriber) != nil {
            if board.watchers.isEmpty { inboxes[staff] = nil }
        }
    }

    func patientName(_ patient: PatientID) -> String? {
        clinic.directory.patient(patient, reader: reader)?.displayName
    }

    /// The visits a clinician holds, as the store's projection rows describe them (the same
    /// staff id under another care provider is someone else).
    static func storedVisits(heldBy staff: QualifiedStaffID, reader: any RecordReader) -> [Visit] {
        ((try? reader.visits(heldBy: staff.staff, limit: 200)) ?? []).filter { $0.careProvider == staff.careProvider }
    }
}
