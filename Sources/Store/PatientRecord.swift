/// A `patients` row: who a patient id is, as their last token said.
public struct PatientRecord: Sendable, Equatable {
    public var patientID: String
    public var name: String
    public var personalIdentityNumber: String
    public var updatedMilliseconds: Int64

    public init(patientID: String, name: String, personalIdentityNumber: String, updatedMilliseconds: Int64) {
        self.patientID = patientID
        self.name = name
        self.personalIdentityNumber = personalIdentityNumber
        self.updatedMilliseconds = updatedMilliseconds
    }
}
