/// A value bound to a statement parameter. Blobs are our JSON payloads, stored as bytes.
public enum SQLiteValue: Sendable, Equatable {
    case integer(Int64)
    case text(String)
    case blob([UInt8])
    case null

    public static func integer(_ value: Int) -> SQLiteValue { .integer(Int64(value)) }

    /// NULL for nil: optional columns (client id, unit, detail) read naturally at call sites.
    public static func text(_ value: String?) -> SQLiteValue { value.map { .text($0) } ?? .null }
    public static func integer(_ value: Int64?) -> SQLiteValue { value.map { .integer($0) } ?? .null }
}
