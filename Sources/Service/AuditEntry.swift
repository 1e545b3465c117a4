import Care

/// One access to patient data (Swedish patient data law: kept 10 years, never changed): who,
/// from which unit, which patient and visit, what, when. Subscriptions write one entry when they
/// start and one when they end, never one per delivered message.
public struct AuditEntry: Sendable, Hashable {
    /// Assigned by the store; nil on write.
    public var id: Int64?
    public var at: Instant
    /// The subject of the token that acted (staff member, patient, or a service name).
    public var actor: String
    /// "patient", "staff" or "system".
    public var actorKind: String
    /// The unit a staff member acted from; nil for patients and system actors.
    public var unit: UnitID?
    /// The care provider a staff member acted for (staff ids are the provider's own).
    public var careProvider: CareProviderID?
    public var patient: PatientID?
    public var visit: VisitID?
    /// What was done, e.g. "visit.open", "visit.history", "queue.subscribe".
    public var action: String
    public var detail: String?

    public init(id: Int64? = nil, at: Instant, actor: String, actorKind: String, unit: UnitID? = nil,
                careProvider: CareProviderID? = nil, patient: PatientID? = nil, visit: VisitID? = nil,
                action: String, detail: String? = nil) {
        self.id = id
        self.at = at
        self.actor = actor
        self.actorKind = actorKind
        self.unit = unit
        self.careProvider = careProvider
        self.patient = patient
        self.visit = visit
        self.action = action
        self.detail = detail
    }
}
