/// Where work is addressed (resurs): a care provider's unit and a role. Queues, and later
/// handovers, moves and consultations, target a resource. The care provider is part of it:
/// unit ids are the providers' own, so two providers may both have a "vc-gavle" (issue 21).
/// Specialty and a named staff member are not modelled yet.
public struct Resource: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var careProvider: CareProviderID
    public var unit: UnitID
    public var role: Role

    public init(careProvider: CareProviderID, unit: UnitID, role: Role) {
        self.careProvider = careProvider
        self.unit = unit
        self.role = role
    }

    /// A queue as the wire names it (unit and role), before the reader's care provider is known.
    /// Only a client-side decoder may leave the provider open; the server scopes every resource
    /// to the principal's provider (`QueueName.resource(of:)` in Wire).
    public init(unit: UnitID, role: Role) {
        self.init(careProvider: CareProviderID(""), unit: unit, role: role)
    }

    public static func < (lhs: Resource, rhs: Resource) -> Bool {
        (lhs.careProvider.rawValue, lhs.unit, lhs.role.rawValue) < (rhs.careProvider.rawValue, rhs.unit, rhs.role.rawValue)
    }

    /// The same unit and role at `provider`: how the server reads a queue named on the wire.
    public func scoped(to provider: CareProviderID) -> Resource {
        Resource(careProvider: provider, unit: unit, role: role)
    }

    public var description: String { "\(careProvider.rawValue)/\(unit)/\(role.rawValue)" }

    private enum CodingKeys: String, CodingKey { case careProvider, unit, role }

    /// Logs and snapshots written before the provider was part of a resource lack it; a visit
    /// fills it in from its own care provider (`Visit.init(_:)`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        careProvider = try container.decodeIfPresent(CareProviderID.self, forKey: .careProvider) ?? CareProviderID("")
        unit = try container.decode(UnitID.self, forKey: .unit)
        role = try container.decode(Role.self, forKey: .role)
    }
}
