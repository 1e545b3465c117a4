/// Who receives a desk's outcomes: an opaque id the host maps to a connection (the lead packs
/// a `ConnectionID` into it, or keeps a table). The desk only compares and stores them.
public struct Subscriber: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(_ rawValue: UInt64) { self.rawValue = rawValue }

    public static func < (lhs: Subscriber, rhs: Subscriber) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "subscriber-\(rawValue)" }
}
