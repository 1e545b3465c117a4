/// One access to patient data (Swedish patient data law: kept 10 years, never changed):
/// who, from which unit, which patient and visit, what, when.
/// Live subscriptions write one record when they start and one when they end, never one per
/// delivered message, so auditing stays off the fan-out path.
public struct AuditRecord: Sendable, Equatable {
    /// Assigned by the store; nil on write.
    public var id: Int64?
    public var atMilliseconds: Int64
    /// The subject of the token that acted (staff member, patient, or a service name).
    public var actor: String
    /// "patient", "staff" or "system".
    public var actorKind: String
    /// The unit the staff member acted from; nil for patients and system actors.
    public var actorUnit: String?
    /// The care provider the staff member acted for (staff ids are the provider's own).
    public var actorProvider: String?
    public var patientID: String?
    public var visitID: String?
    /// What was done, e.g. "visit.open", "visit.history", "visit.subscribe", "queue.subscribe.end".
    public var action: String
    public var detail: String?

    public init(id: Int64? = nil, atMilliseconds: Int64, actor: String, actorKind: String, actorUnit: String? = nil,
                patientID: String? = nil, visitID: String? = nil, action: String, detail: String? = nil,
                actorProvider: String? = nil) {
        self.actorProvider = actorProvider
        self.id = id
        self.atMilliseconds = atMilliseconds
        self.actor = actor
        self.actorKind = actorKind
        self.actorUnit = actorUnit
        self.patientID = patientID
        self.visitID = visitID
        self.action = action
        self.detail = detail
    }
}
