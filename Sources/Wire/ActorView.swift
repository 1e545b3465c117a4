import Care

/// An actor as one audience sees it. Staff see ids; a patient never sees a staff id, only the
/// name and title of who wrote to them (rulings), and a staff actor the patient's view cannot
/// name is just "staff".
public enum ActorView: Hashable, Sendable {
    case patient(PatientID)
    case staff(StaffID)
    /// Staff as a patient sees them: name and role, no id (both nil when unknown).
    case namedStaff(name: String?, role: Role?)
    case system

    public init(_ actor: Party) {
        switch actor {
        case .patient(let id): self = .patient(id)
        case .staff(let id): self = .staff(id)
        case .system: self = .system
        }
    }

    /// The patient's view of `actor`, naming staff from `clinicians` (those the visit records).
    public static func forPatient(_ actor: Party, clinicians: [Clinician]) -> ActorView {
        guard case .staff(let id) = actor else { return ActorView(actor) }
        let clinician = clinicians.first { $0.id == id }
        return .namedStaff(name: clinician?.displayName, role: clinician?.role)
    }

    /// The patient's view of `actor` in `visit`, naming staff the visit records (its responsible).
    public static func forPatient(_ actor: Party, in visit: Visit) -> ActorView {
        forPatient(actor, clinicians: [visit.responsible].compactMap { $0 })
    }

    /// Whether this names a staff member by id (never allowed in a patient's view).
    public var carriesStaffID: Bool {
        if case .staff = self { true } else { false }
    }
}
