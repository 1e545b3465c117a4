/// Who an event is encoded for. Staff views carry what only staff may see (the triage text, the
/// patient's personal identity number, the charge decision, inbox tabs, presence); the patient
/// view leaves those fields out. Nothing else differs, so most events have one encoding.
public enum Audience: String, CaseIterable, Hashable, Sendable {
    case patient
    case staff
}
