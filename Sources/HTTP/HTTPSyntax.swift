/// Small pieces of HTTP/1.1 syntax (RFC 9110 §5.6) shared by the request parser, the handshake
/// and the extension negotiation.
public enum HTTPSyntax {
    /// tchar: the characters of a token (method, header name, extension name).
    public static func isTokenByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || "!#$%&'*+-.^_`|~".utf8.contains(byte)
    }

    /// ALPHA / DIGIT (ASCII).
    public static func isAlphanumeric(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"),
             UInt8(ascii: "0") ... UInt8(ascii: "9"):
            true
        default:
            false
        }
    }

    public static func isToken<S: Sequence<UInt8>>(_ bytes: S) -> Bool {
        var empty = true
        for byte in bytes {
            guard isTokenByte(byte) else { return false }
            empty = false
        }
        return !empty
    }

    public static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    /// Drops optional whitespace (OWS) on both ends.
    public static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, isWhitespace(first) { slice.removeFirst() }
        while let last = slice.last, isWhitespace(last) { slice.removeLast() }
        return slice
    }

    public static func trimmed(_ string: String) -> String {
        String(decoding: trimmed(ArraySlice(string.utf8)), as: UTF8.self)
    }

    /// Splits at `separator` outside quoted strings and trims each part; empty parts are dropped
    /// (RFC 9110 §5.6.1 lets a list have empty elements).
    public static func split(_ value: String, separator: UInt8) -> [String] {
        var parts: [String] = []
        let bytes = Array(value.utf8)
        var start = 0
        var quoted = false
        var escaped = false
        for index in 0 ... bytes.count {
            if index < bytes.count {
                let byte = bytes[index]
                if escaped { escaped = false; continue }
                if quoted && byte == UInt8(ascii: "\\") { escaped = true; continue }
                if byte == UInt8(ascii: "\"") { quoted.toggle(); continue }
                if quoted || byte != separator { continue }
            }
            let part = trimmed(bytes[start ..< index])
            if !part.isEmpty { parts.append(String(decoding: part, as: UTF8.self)) }
            start = index + 1
        }
        return parts
    }

    /// Removes the quotes and escapes of a quoted-string; returns a token as it is; nil if neither.
    public static func unquoted(_ value: String) -> String? {
        let bytes = Array(value.utf8)
        guard bytes.first == UInt8(ascii: "\"") else { return isToken(bytes) ? value : nil }
        guard bytes.count >= 2, bytes.last == UInt8(ascii: "\"") else { return nil }
        var result: [UInt8] = []
        var escaped = false
        for byte in bytes[1 ..< bytes.count - 1] {
            if !escaped && byte == UInt8(ascii: "\\") { escaped = true; continue }
            if !escaped && byte == UInt8(ascii: "\"") { return nil }
            escaped = false
            result.append(byte)
        }
        return escaped ? nil : String(decoding: result, as: UTF8.self)
    }

    public static func equalsIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.count == rhs.utf8.count && zip(lhs.utf8, rhs.utf8).allSatisfy { lowercased($0) == lowercased($1) }
    }

    public static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    public static func lowercased(_ string: String) -> String {
        String(decoding: string.utf8.map(lowercased), as: UTF8.self)
    }
}
