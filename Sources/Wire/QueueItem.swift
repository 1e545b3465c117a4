import Care

/// One waiting visit in a `queue` snapshot or a `queue.added`/`queue.updated` event (staff only).
/// `position` is its 1-based place when the event was made; clients apply events in order.
public struct QueueItem: Hashable, Sendable {
    public var visit: VisitID
    public var patient: PatientID
    /// The patient's name as the directory knows it (absent if unknown).
    public var patientName: String?
    public var position: Int
    public var kind: VisitKind
    public var priority: Priority
    public var contactReason: String
    public var arrivedAt: Instant
    /// Any open connection of the patient, on any device; `presence` events keep it current.
    public var patientOnline: Bool

    public init(
        visit: VisitID, patient: PatientID, position: Int, kind: VisitKind, priority: Priority,
        contactReason: String, arrivedAt: Instant, patientOnline: Bool, patientName: String? = nil
    ) {
        self.visit = visit
        self.patient = patient
        self.patientName = patientName
        self.position = position
        self.kind = kind
        self.priority = priority
        self.contactReason = contactReason
        self.arrivedAt = arrivedAt
        self.patientOnline = patientOnline
    }

    public init(_ visit: Visit, position: Int, patientOnline: Bool, patientName: String? = nil) {
        self.init(
            visit: visit.id, patient: visit.patient, position: position, kind: visit.kind, priority: visit.priority,
            contactReason: visit.contactReason, arrivedAt: visit.arrivedAt, patientOnline: patientOnline,
            patientName: patientName)
    }
}
