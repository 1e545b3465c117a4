/// Who caused an event, as recorded in the event log (ids only; names live in the directory, or
/// in `Clinician` where the visit must remember them).
public enum Actor: Hashable, Sendable, Codable {
    case patient(PatientID)
    case staff(StaffID)
    case system
}
