/// One receiver's view of one visit's event sequence: the server promises `seq` gap-free from 1,
/// in order and without duplicates on every connection (after a resume, too).
public struct SeqTracker: Sendable, Equatable {
    public enum Outcome: Equatable, Sendable {
        case next
        /// Events were skipped: `missing` of them.
        case gap(missing: UInt64)
        /// At or below the last seq seen: a duplicate or a reordering.
        case duplicate
    }

    /// The highest seq seen (from a snapshot's `lastSeq` or an event).
    public private(set) var last: UInt64

    public init(last: UInt64) { self.last = last }

    public mutating func observe(_ seq: UInt64) -> Outcome {
        guard seq > last else { return .duplicate }
        defer { last = seq }
        return seq == last + 1 ? .next : .gap(missing: seq - last - 1)
    }
}
