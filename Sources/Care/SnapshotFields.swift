/// A visit's fields as a snapshot records them: everything `Visit.apply` sets. The snapshot
/// formats fill it; `Visit(restoring:)` takes it.
struct SnapshotFields {
    var id: VisitID
    var kind: VisitKind
    var patient: PatientID
    var careProvider: CareProviderID
    var resource: Resource
    var contactReason: String
    var text: String
    var priority: Priority
    var arrivedAt: Instant
    var state: VisitState
    var responsible: Clinician?
    var endedAt: Instant?
    var asyncPhaseDays: Int?
    var chargeForVisit: Bool?
    var asyncInbox: AsyncInboxStatus?
    var lastPatientMessageAt: Instant?
    var closedAt: Instant?
    var closingReason: VisitEvent.ClosingReason?
    var lastSeq: UInt64
    var staffOnlySeqs: [UInt64]?
    var messageSeqs: [Visit.MessageKey: UInt64]
}
