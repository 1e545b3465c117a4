import Care

/// Who reads a visit, with what its audit records need (so a subscription can be audited when it
/// ends even if the visit has left memory).
struct Subscription: Hashable {
    let principal: Principal
    let patient: PatientID
    /// The unit a staff member reads from: the visit's, if they work it.
    let unit: UnitID?

    init(_ principal: Principal, reading visit: Visit) {
        self.principal = principal
        patient = visit.patient
        if case .staff(let staff) = principal, staff.units.contains(visit.resource.unit) {
            unit = visit.resource.unit
        } else {
            unit = nil
        }
    }
}
