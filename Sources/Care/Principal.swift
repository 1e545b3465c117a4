/// Who is asking: the authenticated party behind a command or a read.
public enum Principal: Hashable, Sendable, Codable {
    case patient(Patient)
    case staff(StaffMember)
    /// The service itself, for clock-driven commands (expiry of the async phase). Never from a client.
    case system

    /// The author recorded in events this principal causes.
    public var actor: Party {
        switch self {
        case .patient(let patient): .patient(patient.id)
        case .staff(let staff): .staff(staff.id)
        case .system: .system
        }
    }
}
