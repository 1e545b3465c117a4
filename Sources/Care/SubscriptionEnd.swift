/// Why the server stopped sending a visit's events to someone who had it open (they did not
/// close it themselves).
public enum SubscriptionEnd: String, CaseIterable, Hashable, Sendable {
    /// The reader may no longer see the visit: a colleague accepted the waiting visit they had
    /// open (only the responsible clinician reads an accepted visit).
    case accessEnded = "access_ended"
    /// The visit could not be read again after a store failure.
    case unavailable
}
