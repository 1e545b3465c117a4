import Care

/// Why an inbound frame was not a command. The server answers it with an `error` event (code
/// `invalid`) carrying `id` when the client's id could be read, and keeps the connection open.
public struct WireError: Error, Hashable, Sendable {
    /// The command's `id`, when it could be read unambiguously.
    public var id: CommandID?
    public var reason: Reason
    /// For people: which field and what was wrong. Not stable; clients switch on `reason`.
    public var message: String

    public init(id: CommandID? = nil, reason: Reason, message: String) {
        self.id = id
        self.reason = reason
        self.message = message
    }

    /// Stable machine-readable reasons (the `reason` field of the `error` event).
    public enum Reason: String, Hashable, Sendable, CaseIterable {
        /// Larger than `CommandDecoder.maxCommandBytes`.
        case tooLarge = "too_large"
        /// Not JSON, not UTF-8, or not one object.
        case malformed
        /// Nested deeper than `CommandDecoder.maxDepth`.
        case tooDeep = "too_deep"
        /// The same key twice in one object.
        case duplicateKey = "duplicate_key"
        /// `\u0000` in a string.
        case nulInString = "nul_in_string"
        /// A `\uD800`-`\uDFFF` escape without its partner.
        case loneSurrogate = "lone_surrogate"
        case unknownType = "unknown_type"
        case missingField = "missing_field"
        /// Present but of the wrong JSON type, out of range, or too long.
        case badField = "bad_field"
    }

    /// The wire error code: always `invalid` (a frame that is not a command is never a reason
    /// to close the socket).
    public var code: ErrorCode { .invalid }
}
