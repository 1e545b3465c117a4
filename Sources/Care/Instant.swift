/// A point in time: milliseconds since the Unix epoch, UTC. Care never reads a clock; callers
/// pass `now` in (see `CareClock`).
public struct Instant: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public static let millisecondsPerDay: Int64 = 86_400_000

    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    public func adding(milliseconds: Int64) -> Instant {
        Instant(millisecondsSinceEpoch: millisecondsSinceEpoch + milliseconds)
    }

    /// Whole 24-hour days. The async phase is counted this way; calendar days in the patient's
    /// time zone would need a time-zone database, which a pure domain does not carry.
    public func adding(days: Int) -> Instant {
        adding(milliseconds: Int64(days) * Instant.millisecondsPerDay)
    }

    public func milliseconds(until later: Instant) -> Int64 {
        later.millisecondsSinceEpoch - millisecondsSinceEpoch
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    // A bare number in the log and on the wire.
    public init(from decoder: any Decoder) throws {
        millisecondsSinceEpoch = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(millisecondsSinceEpoch)
    }

    public var description: String { "\(millisecondsSinceEpoch)ms" }
}
