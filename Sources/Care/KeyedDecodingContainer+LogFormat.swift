/// Typed reads for the format types: every value is read as JSON's own type (a string, a
/// number) and converted by its raw value here, never through a domain type's `Codable`, so
/// the formats stay what docs/log-format.md says whatever the domain types become.
extension KeyedDecodingContainer {
    func value<T: RawRepresentable>(_ key: Key, as type: T.Type = T.self) throws -> T where T.RawValue: Decodable {
        let raw = try decode(T.RawValue.self, forKey: key)
        guard let value = T(rawValue: raw) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "unknown value \(raw)")
        }
        return value
    }

    func optionalValue<T: RawRepresentable>(_ key: Key, as type: T.Type = T.self) throws -> T? where T.RawValue: Decodable {
        try contains(key) && !decodeNil(forKey: key) ? value(key, as: T.self) : nil
    }

    func instant(_ key: Key) throws -> Instant {
        Instant(millisecondsSinceEpoch: try decode(Int64.self, forKey: key))
    }

    func optionalInstant(_ key: Key) throws -> Instant? {
        try decodeIfPresent(Int64.self, forKey: key).map { Instant(millisecondsSinceEpoch: $0) }
    }
}
