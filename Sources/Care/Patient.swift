/// A patient (invånare) as authenticated: who they are and what staff need to identify them.
public struct Patient: Hashable, Sendable, Codable {
    public var id: PatientID
    public var displayName: String
    /// Personnummer. Shown to staff (they copy it into the record system), never to other patients.
    public var personalIdentityNumber: String

    public init(id: PatientID, displayName: String, personalIdentityNumber: String) {
        self.id = id
        self.displayName = displayName
        self.personalIdentityNumber = personalIdentityNumber
    }
}
