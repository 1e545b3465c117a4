import Care

/// Receives the desk's outcomes, on the desk's loop, in the order they happen. The host encodes
/// them (Wire) and routes them to connections; tests collect them.
///
/// `visit` is the committed state of the visit the outcome concerns, as the desk holds it at that
/// moment (nil when it holds none, or the outcome concerns no single visit): the host renders
/// every view from these values and never reads back into the desk while it is being told.
public protocol OutcomeSink: AnyObject {
    func emit(_ outcome: Outcome, visit: Visit?)
}
