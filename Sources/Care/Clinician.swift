/// A staff member as named in a visit's history: the name and role shown to the patient at the
/// time. Recorded in the events so a ten-year-old visit still reads as it did, whatever the
/// directory says today.
public struct Clinician: Hashable, Sendable, Codable {
    public var id: StaffID
    public var displayName: String
    public var role: Role

    public init(id: StaffID, displayName: String, role: Role) {
        self.id = id
        self.displayName = displayName
        self.role = role
    }
}
