/// Receives the desk's outcomes, on the desk's loop, in the order they happen. The host encodes
/// them (Wire) and routes them to connections; tests collect them.
public protocol OutcomeSink: AnyObject {
    func emit(_ outcome: Outcome)
}
