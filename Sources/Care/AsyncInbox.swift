/// A staff member's async inbox: the visits they ended, in three tabs. A projection of the
/// visits' logs; `Visit.asyncInbox` says which tab a single visit is in after each event.
public struct AsyncInbox: Hashable, Sendable, Codable {
    public let staff: StaffID
    /// Inkorg: the patient wrote. Priority first, then the longest-waiting patient message.
    public private(set) var inbox: [Entry] = []
    /// Kräver ingen åtgärd: soonest-expiring first.
    public private(set) var requiresNoAction: [Entry] = []
    /// Avslutade: most recently closed first.
    public private(set) var ended: [Entry] = []

    public struct Entry: Hashable, Sendable, Codable {
        public var visit: VisitID
        public var patient: PatientID
        public var contactReason: String
        public var priority: Priority
        public var lastPatientMessageAt: Instant?
        public var asyncPhaseEndsAt: Instant?
        public var closedAt: Instant?

        public init(_ visit: Visit) {
            self.visit = visit.id
            patient = visit.patient
            contactReason = visit.contactReason
            priority = visit.priority
            lastPatientMessageAt = visit.lastPatientMessageAt
            asyncPhaseEndsAt = visit.nextDeadline
            closedAt = visit.closedAt
        }
    }

    /// The inbox of `staff` among `visits` (those they are responsible for that have ended).
    public init(for staff: StaffID, visits: some Sequence<Visit>) {
        self.staff = staff
        for visit in visits where visit.responsible?.id == staff {
            switch visit.asyncInbox {
            case .needsAction: inbox.append(Entry(visit))
            case .noActionRequired: requiresNoAction.append(Entry(visit))
            case .ended: ended.append(Entry(visit))
            case nil: break
            }
        }
        // Ids break ties so every device shows the same order.
        inbox.sort {
            ($0.priority, $0.lastPatientMessageAt?.millisecondsSinceEpoch ?? 0, $0.visit)
                < ($1.priority, $1.lastPatientMessageAt?.millisecondsSinceEpoch ?? 0, $1.visit)
        }
        requiresNoAction.sort {
            ($0.asyncPhaseEndsAt?.millisecondsSinceEpoch ?? 0, $0.visit)
                < ($1.asyncPhaseEndsAt?.millisecondsSinceEpoch ?? 0, $1.visit)
        }
        ended.sort { a, b in
            let (x, y) = (a.closedAt?.millisecondsSinceEpoch ?? 0, b.closedAt?.millisecondsSinceEpoch ?? 0)
            return x != y ? x > y : a.visit < b.visit
        }
    }
}
