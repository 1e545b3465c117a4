/// The open-loop send plan of one thread's publishers: publisher `g` of `publisherCount` sends
/// message `n` at `start + n·period + g·period/publisherCount`, whatever happened to earlier
/// messages. Spreading the phases makes the whole run an even stream of sends, and because a late
/// message keeps its scheduled time, a stalled sender or server shows up as latency instead of
/// being hidden (no coordinated omission).
public struct SendSchedule: Sendable {
    public let start: UInt64
    /// Nanoseconds between two messages of one publisher.
    public let period: Double
    /// No message is scheduled at or after this time.
    public let end: UInt64
    /// Each local slot's phase within a period, ascending.
    private let offsets: [Double]
    /// The next event to send: round `next / offsets.count`, slot `next % offsets.count`.
    public private(set) var next = 0

    /// - Parameters:
    ///   - publishers: the global indices (0..<publisherCount) of this thread's publishers, ascending.
    ///   - ratePerPublisher: messages per second of each publisher.
    public init(start: UInt64, end: UInt64, ratePerPublisher: Double, publishers: [Int], publisherCount: Int) {
        precondition(ratePerPublisher > 0 && publisherCount > 0)
        self.start = start
        self.end = end
        period = 1e9 / ratePerPublisher
        offsets = publishers.map { Double($0) * (1e9 / ratePerPublisher) / Double(publisherCount) }
    }

    /// The scheduled time of event `index`.
    public func time(of index: Int) -> UInt64 {
        let round = index / offsets.count
        let slot = index % offsets.count
        return start &+ UInt64((Double(round) * period + offsets[slot]).rounded())
    }

    /// When the next message is due; nil when the schedule is over (or empty).
    public var nextDeadline: UInt64? {
        guard !offsets.isEmpty else { return nil }
        let due = time(of: next)
        return due < end ? due : nil
    }

    /// Calls `send(slot, sequence, scheduled)` for every message due at `now`, oldest first.
    /// A sender that fell behind catches up in one burst: the schedule never slips.
    public mutating func takeDue(now: UInt64, _ send: (_ slot: Int, _ sequence: UInt32, _ scheduled: UInt64) -> Void) {
        while let due = nextDeadline, due <= now {
            send(next % offsets.count, UInt32(truncatingIfNeeded: next / offsets.count), due)
            next += 1
        }
    }
}
