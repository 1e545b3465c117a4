/// Where work is addressed (resurs): a unit and a role. Queues, and later handovers, moves and
/// consultations, target a resource. Specialty and a named staff member are not modelled yet.
public struct Resource: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var unit: UnitID
    public var role: Role

    public init(unit: UnitID, role: Role) {
        self.unit = unit
        self.role = role
    }

    public static func < (lhs: Resource, rhs: Resource) -> Bool {
        (lhs.unit, lhs.role.rawValue) < (rhs.unit, rhs.role.rawValue)
    }

    public var description: String { "\(unit)/\(role.rawValue)" }
}
