import Care

/// The staff directory as staff see it on the wire (patients never get any of it).
public enum DirectoryView {
    /// A colleague: ids, name, role with its Swedish title, and the units they work in.
    public struct Person: Hashable, Sendable {
        public var staff: StaffID
        public var hsaID: String
        public var name: String
        public var role: Role
        public var units: [Unit]

        public init(staff: StaffID, hsaID: String, name: String, role: Role, units: [Unit]) {
            self.staff = staff
            self.hsaID = hsaID
            self.name = name
            self.role = role
            self.units = units
        }

        /// `person` with their units named from `directory`.
        public init(_ person: DirectoryPerson, in directory: StaffDirectory) {
            self.init(staff: person.id, hsaID: person.hsaID.rawValue, name: person.name, role: person.role,
                      units: person.units.map { Unit(unit: $0, name: directory.unit($0, of: person.careProvider)?.name ?? $0.rawValue) })
        }
    }

    public struct Unit: Hashable, Sendable {
        public var unit: UnitID
        public var name: String

        public init(unit: UnitID, name: String) {
            self.unit = unit
            self.name = name
        }
    }

    /// The top of the tree: a unit with how many people work each role in it.
    public struct UnitRoles: Hashable, Sendable {
        public var unit: UnitID
        public var name: String
        public var roles: [RoleCount]

        public init(unit: UnitID, name: String, roles: [RoleCount]) {
            self.unit = unit
            self.name = name
            self.roles = roles
        }
    }

    public struct RoleCount: Hashable, Sendable {
        public var role: Role
        public var people: Int

        public init(role: Role, people: Int) {
            self.role = role
            self.people = people
        }
    }

    /// The caller's care provider's units, each with its roles (`directory.units`).
    public static func units(of provider: CareProviderID, in directory: StaffDirectory) -> [UnitRoles] {
        directory.units(of: provider).map { unit in
            UnitRoles(unit: unit.id, name: unit.name,
                      roles: directory.roles(in: unit.id, of: provider).map { RoleCount(role: $0.role, people: $0.people) })
        }
    }
}
