import Care
import Tokens

extension Principal {
    /// The principal a verified token names; nil when a claim names nothing Care knows (an
    /// unknown role). Unknown rights are ignored: rights only ever add access.
    init?(_ claims: TokenClaims) {
        switch claims.kind {
        case .patient:
            guard let pin = claims.pin else { return nil }
            self = .patient(Patient(id: PatientID(claims.sub), displayName: claims.name, personalIdentityNumber: pin))
        case .staff:
            guard let provider = claims.provider, let units = claims.units, let roleName = claims.role,
                let role = Role(rawValue: roleName)
            else { return nil }
            self = .staff(StaffMember(
                id: StaffID(claims.sub), displayName: claims.name, careProvider: CareProviderID(provider),
                units: Set(units.map(UnitID.init)), role: role,
                rights: Set((claims.rights ?? []).compactMap(Right.init(rawValue:)))))
        }
    }

    /// The token subject, as the per-user limits count it.
    var subjectKey: String {
        switch self {
        case .patient(let patient): "patient:\(patient.id.rawValue)"
        case .staff(let staff): "staff:\(staff.careProvider.rawValue):\(staff.id.rawValue)"
        case .system: "system"
        }
    }
}
