import Care

/// The `welcome` event: who the server authenticated, and its clock (clients show the async
/// phase's remaining days from it, not from a device clock that may be wrong).
public struct Welcome: Hashable, Sendable {
    /// The `hello` it answers; nil when the token came in the URL.
    public var id: CommandID?
    public var kind: Audience
    /// The token's subject: a patient or staff id.
    public var subject: String
    public var name: String
    // Staff only (empty or nil for patients).
    public var careProvider: CareProviderID?
    public var units: [UnitID]
    public var role: Role?
    public var rights: [Right]
    public var serverTime: Instant
    /// When the token expires; the server closes with 4001 then.
    public var expiresAt: Instant?

    public init(
        id: CommandID?, kind: Audience, subject: String, name: String, careProvider: CareProviderID? = nil,
        units: [UnitID] = [], role: Role? = nil, rights: [Right] = [], serverTime: Instant, expiresAt: Instant?
    ) {
        self.id = id
        self.kind = kind
        self.subject = subject
        self.name = name
        self.careProvider = careProvider
        self.units = units
        self.role = role
        self.rights = rights
        self.serverTime = serverTime
        self.expiresAt = expiresAt
    }

    /// Nil for `.system`, which never connects. The personal identity number is not sent back.
    public init?(id: CommandID?, principal: Principal, serverTime: Instant, expiresAt: Instant?) {
        switch principal {
        case .patient(let patient):
            self.init(
                id: id, kind: .patient, subject: patient.id.rawValue, name: patient.displayName,
                serverTime: serverTime, expiresAt: expiresAt)
        case .staff(let staff):
            self.init(
                id: id, kind: .staff, subject: staff.id.rawValue, name: staff.displayName,
                careProvider: staff.careProvider, units: staff.units.sorted(), role: staff.role,
                rights: staff.rights.sorted { $0.rawValue < $1.rawValue }, serverTime: serverTime, expiresAt: expiresAt)
        case .system:
            return nil
        }
    }
}
