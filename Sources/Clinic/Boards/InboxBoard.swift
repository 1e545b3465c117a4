import Care
import Service
import Wire

/// One staff member's async inbox (Inkorg / Kräver ingen åtgärd / Avslutade) while someone
/// watches it: the visits they ended, kept current from the visits' owners, on the loop that
/// owns this staff member's inbox.
final class InboxBoard {
    let staff: StaffID
    private var visits: [VisitID: Visit] = [:]
    var watchers: [Subscriber: Principal] = [:]

    init(staff: StaffID, visits: [Visit]) {
        self.staff = staff
        for visit in visits { _ = take(visit) }
    }

    /// A visit's newer state. Returns the `inbox.updated` event if it sits in a tab.
    func update(_ visit: Visit, names: (PatientID) -> String?) -> ServerEvent? {
        guard take(visit), visit.asyncInbox != nil else { return nil }
        let inbox = AsyncInbox(for: staff, visits: visits.values)
        for (tab, entries) in [(AsyncInboxStatus.needsAction, inbox.inbox), (.noActionRequired, inbox.requiresNoAction),
                               (.ended, inbox.ended)] {
            if let index = entries.firstIndex(where: { $0.visit == visit.id }) {
                return .inboxUpdated(InboxItem(entries[index], patientName: names(visit.patient)), tab: tab, position: index + 1)
            }
        }
        return nil
    }

    func snapshot(id: CommandID?, names: (PatientID) -> String?) -> ServerEvent {
        .inbox(InboxView(AsyncInbox(for: staff, visits: visits.values), names: names), id: id)
    }

    /// Keeps the newer of two states (the store snapshot and a live update may cross).
    private func take(_ visit: Visit) -> Bool {
        guard visit.responsible?.id == staff else { return false }
        if let known = visits[visit.id], known.lastSeq >= visit.lastSeq { return known.lastSeq == visit.lastSeq }
        visits[visit.id] = visit
        return true
    }
}
