/// Who acts in a visit and its event log: the patient, a staff member or the system. (Not
/// `Actor`, which would hide Swift's.) Recorded (ids only; names live in the directory, or
/// in `Clinician` where the visit must remember them).
public enum Party: Hashable, Sendable, Codable {
    case patient(PatientID)
    case staff(StaffID)
    case system
}
