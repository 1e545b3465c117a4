import Care
import Service

/// The tests' outcome sink: keeps every outcome; `onAck` runs at the moment an ack is emitted.
final class Recorder: OutcomeSink {
    private(set) var outcomes: [Outcome] = []
    /// The visit state each outcome came with, in the same order.
    private(set) var states: [Visit?] = []
    var onAck: ((Outcome) -> Void)?

    func emit(_ outcome: Outcome, visit: Visit?) {
        if case .ack = outcome { onAck?(outcome) }
        outcomes.append(outcome)
        states.append(visit)
    }

    /// Returns what was emitted since the last call.
    func take() -> [Outcome] {
        defer { outcomes = []; states = [] }
        return outcomes
    }
}

extension [Outcome] {
    var acks: [(to: Subscriber, commandID: String?, visit: VisitID, seq: UInt64?)] {
        compactMap { if case .ack(let to, let id, let visit, let seq) = $0 { (to, id, visit, seq) } else { nil } }
    }

    var errors: [(to: Subscriber, commandID: String?, error: ServiceError)] {
        compactMap { if case .error(let to, let id, _, let error) = $0 { (to, id, error) } else { nil } }
    }

    var events: [VisitEvent] {
        compactMap { if case .event(_, let event, _) = $0 { event } else { nil } }
    }
}
