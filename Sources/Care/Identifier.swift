/// An opaque identifier issued outside the domain (by the identity provider, the directory, or
/// the service for visits). Care only compares them; it never parses them.
///
/// Codable as a bare string (the standard library's `RawRepresentable` coding), so an id looks
/// the same in the event log, in snapshots and on the wire.
public protocol Identifier: RawRepresentable<String>, Hashable, Comparable, Sendable, Codable,
    CustomStringConvertible, ExpressibleByStringLiteral
{
    init(rawValue: String)
}

extension Identifier {
    public init(_ rawValue: String) { self.init(rawValue: rawValue) }
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { rawValue }
}

public struct PatientID: Identifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

public struct StaffID: Identifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// A care unit (vårdenhet, mottagning).
public struct UnitID: Identifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// A care provider (vårdgivare): the organisation that owns units.
public struct CareProviderID: Identifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// Chosen by the service when a visit is created (Care has no source of randomness).
public struct VisitID: Identifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// Chosen by the client for each message it sends, so a resend after a lost ack is recognised.
public struct ClientMessageID: Identifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}
