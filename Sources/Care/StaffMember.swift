/// A staff member (HSP) as authenticated: the units and role that decide which queues they see.
public struct StaffMember: Hashable, Sendable, Codable {
    public var id: StaffID
    public var displayName: String
    public var careProvider: CareProviderID
    /// Units of `careProvider` the staff member works in.
    public var units: Set<UnitID>
    public var role: Role
    public var rights: Set<Right>

    public init(
        id: StaffID, displayName: String, careProvider: CareProviderID, units: Set<UnitID>, role: Role,
        rights: Set<Right> = []
    ) {
        self.id = id
        self.displayName = displayName
        self.careProvider = careProvider
        self.units = units
        self.role = role
        self.rights = rights
    }

    /// Whether the staff member works the queue of `resource`: their own care provider's unit,
    /// in their role. A unit id alone never grants access (providers name units independently).
    public func works(_ resource: Resource) -> Bool {
        careProvider == resource.careProvider && units.contains(resource.unit) && role == resource.role
    }

    /// How the staff member is named in a visit.
    public var clinician: Clinician { Clinician(id: id, displayName: displayName, role: role) }
}
