/// Urgency from triage: 1 = assess immediately, 2 = within hours, 3 = within a day, 4 = within a
/// week, 5 = wait (advice only). Smaller is more urgent and sorts first in a queue. Which values
/// a visit may take depends on its kind (`VisitKind.priorities`).
public struct Priority: RawRepresentable, Hashable, Comparable, Sendable, Codable,
    ExpressibleByIntegerLiteral, CustomStringConvertible
{
    public let rawValue: Int

    public init(rawValue: Int) { self.rawValue = rawValue }
    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public init(integerLiteral value: Int) { self.rawValue = value }

    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { String(rawValue) }
}
