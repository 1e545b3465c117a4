import Care
import Service
import Wire

/// The whole queue of one resource, merged from every desk's share, and the staff watching it.
/// Kept by one loop (the resource's board owner): watchers get `queue.*` events in one order,
/// and patients get their `position` whenever their place changes.
final class QueueBoard {
    let resource: Resource
    private var entries: [VisitID: Entry] = [:]
    private var order: [QueueEntry] = []
    private var positions: [VisitID: Int] = [:]
    /// Watching staff, with the principal their subscription is audited as.
    var watchers: [Subscriber: Principal] = [:]

    /// A waiting visit as the board shows it (the queue item without its place).
    struct Entry: Hashable, Sendable {
        var visit: VisitID
        var patient: PatientID
        var patientName: String?
        var kind: VisitKind
        var priority: Priority
        var contactReason: String
        var arrivedAt: Instant

        init(_ visit: Visit, patientName: String?) {
            self.visit = visit.id
            patient = visit.patient
            self.patientName = patientName
            kind = visit.kind
            priority = visit.priority
            contactReason = visit.contactReason
            arrivedAt = visit.arrivedAt
        }

        var queueEntry: QueueEntry { QueueEntry(visit: visit, priority: priority, arrivedAt: arrivedAt) }
    }

    enum Change: Hashable, Sendable {
        /// Added, or its priority changed.
        case upsert(Entry)
        case removed(VisitID)
    }

    init(resource: Resource) {
        self.resource = resource
    }

    var isEmpty: Bool { entries.isEmpty && watchers.isEmpty }
    var visits: [Entry] { order.compactMap { entries[$0.visit] } }

    /// Applies one change. Returns the event for watchers (nil if nothing they see changed) and
    /// the visits whose place changed (nil: left the queue).
    func apply(_ change: Change, online: (PatientID) -> Bool) -> (event: ServerEvent?, moved: [VisitID: Int?]) {
        var event: ServerEvent?
        switch change {
        case .upsert(let entry):
            let old = entries.updateValue(entry, forKey: entry.visit)
            if let old { order.removeAll { $0.visit == old.visit } }
            let index = order.firstIndex { entry.queueEntry < $0 } ?? order.count
            order.insert(entry.queueEntry, at: index)
            let item = self.item(entry, position: index + 1, online: online)
            if old == nil {
                event = .queueAdded(resource, item)
            } else if old != entry {
                event = .queueUpdated(resource, item)
            }
        case .removed(let visit):
            guard entries.removeValue(forKey: visit) != nil else { return (nil, [:]) }
            order.removeAll { $0.visit == visit }
            event = .queueRemoved(resource, visit)
        }
        return (event, renumber())
    }

    /// The `queue` snapshot in working order.
    func snapshot(id: CommandID?, online: (PatientID) -> Bool) -> ServerEvent {
        .queue(resource, entries: visits.enumerated().map { item($1, position: $0 + 1, online: online) }, id: id)
    }

    func contains(patient: PatientID) -> Bool {
        entries.values.contains { $0.patient == patient }
    }

    private func item(_ entry: Entry, position: Int, online: (PatientID) -> Bool) -> QueueItem {
        QueueItem(visit: entry.visit, patient: entry.patient, position: position, kind: entry.kind,
                  priority: entry.priority, contactReason: entry.contactReason, arrivedAt: entry.arrivedAt,
                  patientOnline: online(entry.patient), patientName: entry.patientName)
    }

    private func renumber() -> [VisitID: Int?] {
        var moved: [VisitID: Int?] = [:]
        var fresh: [VisitID: Int] = [:]
        for (offset, entry) in order.enumerated() {
            fresh[entry.visit] = offset + 1
            if positions[entry.visit] != offset + 1 { moved[entry.visit] = offset + 1 }
        }
        for visit in positions.keys where fresh[visit] == nil { moved[visit] = .some(nil) }
        positions = fresh
        return moved
    }
}
