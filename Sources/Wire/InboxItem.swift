import Care

/// One ended visit in a staff member's async inbox (`inbox`, `inbox.updated`).
public struct InboxItem: Hashable, Sendable {
    public var visit: VisitID
    public var patient: PatientID
    public var patientName: String?
    public var contactReason: String
    public var priority: Priority
    public var lastPatientMessageAt: Instant?
    public var asyncPhaseEndsAt: Instant?
    public var closedAt: Instant?

    public init(
        visit: VisitID, patient: PatientID, contactReason: String, priority: Priority,
        lastPatientMessageAt: Instant? = nil, asyncPhaseEndsAt: Instant? = nil, closedAt: Instant? = nil,
        patientName: String? = nil
    ) {
        self.visit = visit
        self.patient = patient
        self.patientName = patientName
        self.contactReason = contactReason
        self.priority = priority
        self.lastPatientMessageAt = lastPatientMessageAt
        self.asyncPhaseEndsAt = asyncPhaseEndsAt
        self.closedAt = closedAt
    }

    public init(_ entry: AsyncInbox.Entry, patientName: String? = nil) {
        self.init(
            visit: entry.visit, patient: entry.patient, contactReason: entry.contactReason, priority: entry.priority,
            lastPatientMessageAt: entry.lastPatientMessageAt, asyncPhaseEndsAt: entry.asyncPhaseEndsAt,
            closedAt: entry.closedAt, patientName: patientName)
    }

    /// The tab's wire name: the same as the `inbox` snapshot's keys.
    public static func tabName(_ tab: AsyncInboxStatus) -> String {
        switch tab {
        case .needsAction: "inbox"
        case .noActionRequired: "requiresNoAction"
        case .ended: "ended"
        }
    }

    public static func tab(named name: String) -> AsyncInboxStatus? {
        AsyncInboxStatus.allTabs.first { tabName($0) == name }
    }
}

extension AsyncInboxStatus {
    /// In the order the tabs are shown.
    static let allTabs: [AsyncInboxStatus] = [.needsAction, .noActionRequired, .ended]
}
