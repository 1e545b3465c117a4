/// How far each participant has read a visit: "read up to seq N", per participant. Monotonic:
/// a lower or equal value (an old device catching up, a reordered packet) never moves it back.
/// Kept beside the event log, not in it: reading is not a change to the visit.
public struct ReadReceipts: Hashable, Sendable, Codable {
    public private(set) var upTo: [Party: UInt64] = [:]

    public init() {}

    /// 0 when the reader has read nothing.
    public func readUpTo(_ reader: Party) -> UInt64 { upTo[reader] ?? 0 }

    /// Whether `reader` has read the event at `seq` (the "read" mark staff see under a message).
    public func hasRead(_ reader: Party, seq: UInt64) -> Bool { readUpTo(reader) >= seq }

    /// Records that `reader` has read up to `seq` of a visit whose log ends at `lastSeq`.
    /// Returns whether the mark moved (only then is there something to persist and send).
    /// Who may mark is `AccessPolicy.canRead`'s question, for the caller.
    public mutating func markRead(by reader: Party, upTo seq: UInt64, lastSeq: UInt64) -> Result<Bool, CareError> {
        guard seq <= lastSeq else { return .failure(.invalid(.readBeyondLastSeq)) }
        guard seq > readUpTo(reader) else { return .success(false) }
        upTo[reader] = seq
        return .success(true)
    }
}
