/// Where an ended visit sits in its responsible staff member's async inbox (one tab each).
public enum AsyncInboxStatus: String, Hashable, Sendable, Codable {
    /// Inkorg: the patient wrote in the async phase.
    case needsAction
    /// Kräver ingen åtgärd: after "mark as done" (or right after the end), until the patient writes.
    case noActionRequired
    /// Avslutade: the visit is closed.
    case ended
}
