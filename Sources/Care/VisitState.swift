/// Where a visit is in its life cycle.
///
///     waiting ─accept→ accepted ─start→ inProgress ─end(days>0)→ asyncPhase ─expire→ closed
///                                                  └─end(days=0)────────────────────→ closed
public enum VisitState: Hashable, Sendable, Codable {
    /// In the queue of its resource (Väntar i kö).
    case waiting
    /// Taken by a clinician (Ta emot), not yet started.
    case accepted(by: StaffID)
    /// Started: real-time chat.
    case inProgress
    /// Ended; the patient may still write until `until`.
    case asyncPhase(until: Instant)
    /// Read-only, forever.
    case closed
}
