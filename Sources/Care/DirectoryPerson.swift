/// One person in the staff directory: who (HSA id and the id tokens carry), their name, and
/// where they work in which role (a person may work several units of one care provider).
public struct DirectoryPerson: Hashable, Sendable {
    public var id: StaffID
    public var hsaID: HSAID
    public var name: String
    public var careProvider: CareProviderID
    public var role: Role
    /// Units of `careProvider`, in the order the directory lists them.
    public var units: [UnitID]

    public init(id: StaffID, hsaID: HSAID, name: String, careProvider: CareProviderID, role: Role, units: [UnitID]) {
        self.id = id
        self.hsaID = hsaID
        self.name = name
        self.careProvider = careProvider
        self.role = role
        self.units = units
    }
}

/// A care unit as the directory names it.
public struct DirectoryUnit: Hashable, Sendable {
    public var id: UnitID
    public var name: String
    public var careProvider: CareProviderID

    public init(id: UnitID, name: String, careProvider: CareProviderID) {
        self.id = id
        self.name = name
        self.careProvider = careProvider
    }
}
