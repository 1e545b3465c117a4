/// A staff member as the whole service tells them apart: staff ids are issued per care provider,
/// so the same id under two providers is two people. Inboxes, presence counts and anything else
/// kept per staff member are keyed by this, never by the bare id.
public struct QualifiedStaffID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var careProvider: CareProviderID
    public var staff: StaffID

    public init(careProvider: CareProviderID, staff: StaffID) {
        self.careProvider = careProvider
        self.staff = staff
    }

    public static func < (lhs: QualifiedStaffID, rhs: QualifiedStaffID) -> Bool {
        (lhs.careProvider.rawValue, lhs.staff.rawValue) < (rhs.careProvider.rawValue, rhs.staff.rawValue)
    }

    public var description: String { "\(careProvider.rawValue)/\(staff.rawValue)" }
}

extension StaffMember {
    public var qualifiedID: QualifiedStaffID { QualifiedStaffID(careProvider: careProvider, staff: id) }
}

extension Principal {
    /// A queue named on the wire (unit and role), scoped to the principal's own care provider.
    /// Anyone but staff gets it unscoped, which no access rule matches (deny by default).
    public func scope(_ named: Resource) -> Resource {
        if case .staff(let staff) = self { named.scoped(to: staff.careProvider) } else { named }
    }
}
