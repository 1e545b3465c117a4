/// A parsed JSON document, as `JSONParser` builds it. Objects keep their members in order (an
/// array, not a dictionary: commands have a handful of fields, and order helps error messages).
/// Numbers keep their text, so each field converts exactly once to the type it needs and a
/// number that does not fit is refused instead of rounded.
enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// The number as written (already checked against JSON's grammar).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([Member])

    struct Member: Hashable, Sendable {
        var key: String
        var value: JSONValue
    }

    /// What a field holds, for error messages ("expected an integer, found a string").
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The member named `key` (keys are unique: the parser refuses duplicates).
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }
}
