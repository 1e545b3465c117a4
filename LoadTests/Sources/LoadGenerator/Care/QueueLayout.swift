/// Who is who in the queue scenario: watchers, then acceptors (staff), then patients, each kind
/// dealt round-robin to the load threads on its own, so every thread gets its share of each.
/// Pure, so tests can check the plan.
public struct QueueLayout: Sendable, Equatable {
    public let watchers: Int
    public let acceptors: Int
    public let patients: Int

    public init(watchers: Int, acceptors: Int, rate: Double, seconds: Double) {
        self.watchers = watchers
        self.acceptors = acceptors
        // Each patient creates at most 5 visits/s and stays well below 256 open visits.
        patients = max(1, Int((rate / 5).rounded(.up)), Int((rate * seconds / 200).rounded(.up)))
    }

    public var seatCount: Int { watchers + acceptors + patients }
    public func isPatient(_ seat: Int) -> Bool { seat >= watchers + acceptors }
    public func seat(ofPatient patient: Int) -> Int { watchers + acceptors + patient }

    /// The seats load thread `thread` owns, ascending: each kind dealt round-robin on its own.
    public func seats(ofThread thread: Int, threads: Int) -> [Int] {
        Array(stride(from: thread, to: watchers, by: threads))
            + Array(stride(from: watchers + thread, to: watchers + acceptors, by: threads))
            + patients(ofThread: thread, threads: threads).map { seat(ofPatient: $0) }
    }

    /// The patients (indices among patients, ascending) load thread `thread` owns.
    public func patients(ofThread thread: Int, threads: Int) -> [Int] { Array(stride(from: thread, to: patients, by: threads)) }
}
