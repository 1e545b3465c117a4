import HTTP

/// One element of a `Sec-WebSocket-Extensions` header (RFC 6455 §9.1):
/// `name *( ";" param [ "=" (token | quoted-string) ] )`.
struct ExtensionOffer: Equatable {
    struct Parameter: Equatable {
        var name: String
        /// Unquoted; nil when the parameter has no value.
        var value: String?
    }

    var name: String
    var parameters: [Parameter]

    /// Parses one list element; nil if it is malformed (the caller declines it).
    init?(parsing element: String) {
        let parts = HTTPSyntax.split(element, separator: UInt8(ascii: ";"))
        guard let name = parts.first, HTTPSyntax.isToken(name.utf8) else { return nil }
        self.name = name
        parameters = []
        for part in parts.dropFirst() {
            let bytes = Array(part.utf8)
            guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else {
                guard HTTPSyntax.isToken(bytes) else { return nil }
                parameters.append(Parameter(name: part, value: nil))
                continue
            }
            let name = HTTPSyntax.trimmed(bytes[..<equals])
            let raw = String(decoding: HTTPSyntax.trimmed(bytes[(equals + 1)...]), as: UTF8.self)
            guard HTTPSyntax.isToken(name), let value = HTTPSyntax.unquoted(raw), HTTPSyntax.isToken(value.utf8) else {
                return nil
            }
            parameters.append(Parameter(name: String(decoding: name, as: UTF8.self), value: value))
        }
    }

    /// Every element of every header value, in order; nil marks a malformed element.
    static func parse(_ headerValues: [String]) -> [ExtensionOffer?] {
        headerValues.flatMap { HTTPSyntax.split($0, separator: UInt8(ascii: ",")) }.map { ExtensionOffer(parsing: $0) }
    }
}
