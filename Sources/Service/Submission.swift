/// Whether a write was queued. Only `.accepted` runs its completion.
public enum Submission: Sendable, Equatable {
    case accepted
    /// The writer's queue is at its limit: shed load (answer `busy`), do not retry in a loop.
    case busy
    /// The writer was stopped.
    case stopped
    /// The write could not be turned into the store's rows (its state failed to encode).
    case malformed
}
