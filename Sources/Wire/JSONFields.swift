import Care

/// Typed reads of one JSON object's members, each failure an `invalid` with the field's name.
/// `null` counts as absent for optional fields (JavaScript clients send both), and members the
/// reader never asks for are ignored: that is how older servers accept newer clients' fields.
struct JSONFields {
    let members: [JSONValue.Member]
    /// For messages: the command or event type, or the path of a nested object.
    let context: String

    init(members: [JSONValue.Member], context: String) {
        self.members = members
        self.context = context
    }

    init(_ value: JSONValue, context: String) throws(WireError) {
        guard case .object(let members) = value else {
            throw WireError(reason: .badField, message: "\(context): expected an object, found \(value.kindName)")
        }
        self.members = members
        self.context = context
    }

    func value(_ key: String) -> JSONValue? {
        guard let value = members.first(where: { $0.key == key })?.value, value != .null else { return nil }
        return value
    }

    func required(_ key: String) throws(WireError) -> JSONValue {
        guard let value = value(key) else {
            throw WireError(reason: .missingField, message: "\(context): missing field \"\(key)\"")
        }
        return value
    }

    func bad(_ key: String, _ expected: String, _ found: JSONValue) -> WireError {
        WireError(reason: .badField, message: "\(context): field \"\(key)\" must be \(expected), found \(found.kindName)")
    }

    // MARK: Required

    func string(_ key: String) throws(WireError) -> String {
        let value = try required(key)
        guard case .string(let string) = value else { throw bad(key, "a string", value) }
        return string
    }

    func bool(_ key: String) throws(WireError) -> Bool {
        let value = try required(key)
        guard case .bool(let bool) = value else { throw bad(key, "a boolean", value) }
        return bool
    }

    /// Integers only: `1.0`, `1e2` and anything out of range are refused, never rounded.
    func integer<T: FixedWidthInteger>(_ key: String, as type: T.Type = T.self) throws(WireError) -> T {
        let value = try required(key)
        guard case .number(let text) = value, let integer = T(text) else {
            throw bad(key, T.isSigned ? "an integer" : "a non-negative integer", value)
        }
        return integer
    }

    /// A non-empty id of at most `maxBytes` UTF-8 bytes.
    func identifier<ID: Identifier>(_ key: String, as type: ID.Type = ID.self, maxBytes: Int) throws(WireError) -> ID {
        let text = try string(key)
        guard !text.isEmpty, text.utf8.count <= maxBytes else {
            throw WireError(reason: .badField, message: "\(context): field \"\(key)\" must be 1-\(maxBytes) bytes")
        }
        return ID(rawValue: text)
    }

    func role(_ key: String) throws(WireError) -> Role {
        let text = try string(key)
        guard let role = Role(rawValue: text) else {
            throw WireError(reason: .badField, message: "\(context): unknown role \"\(text)\"")
        }
        return role
    }

    func object(_ key: String) throws(WireError) -> JSONFields {
        try JSONFields(try required(key), context: "\(context).\(key)")
    }

    func array(_ key: String) throws(WireError) -> [JSONValue] {
        let value = try required(key)
        guard case .array(let elements) = value else { throw bad(key, "an array", value) }
        return elements
    }

    // MARK: Optional (absent or null → nil)

    func optionalString(_ key: String) throws(WireError) -> String? {
        value(key) == nil ? nil : try string(key)
    }

    func optionalBool(_ key: String) throws(WireError) -> Bool? {
        value(key) == nil ? nil : try bool(key)
    }

    func optionalInteger<T: FixedWidthInteger>(_ key: String, as type: T.Type = T.self) throws(WireError) -> T? {
        value(key) == nil ? nil : try integer(key, as: T.self)
    }

    func optionalIdentifier<ID: Identifier>(_ key: String, as type: ID.Type = ID.self, maxBytes: Int) throws(WireError) -> ID? {
        value(key) == nil ? nil : try identifier(key, as: ID.self, maxBytes: maxBytes)
    }

    func optionalObject(_ key: String) throws(WireError) -> JSONFields? {
        value(key) == nil ? nil : try object(key)
    }
}
