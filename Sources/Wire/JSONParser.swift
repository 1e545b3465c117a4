/// A strict RFC 8259 parser for one JSON document (a text frame), written for hostile input:
/// bounded nesting (so recursion is bounded), no silent repair, and one pass over the bytes.
///
/// Three things JSON allows but carewire.v1 refuses are *policy violations*, not syntax errors:
/// duplicate keys (parsers disagree on which one wins, so a proxy and the server could read
/// different commands), `\u0000` (C APIs, logs and SQLite text functions stop at NUL), and lone
/// surrogate escapes (no valid UTF-8 for them; replacing them would alter a patient's words).
/// Parsing goes on past them, so the caller can still read the command's `id` and answer it.
struct JSONParser {
    struct Violation: Hashable, Sendable {
        var reason: WireError.Reason
        var message: String
        /// The member of the root object it happened in (nil: at the root), so the caller knows
        /// whether the `id` it would echo is itself affected.
        var topLevelKey: String?
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let maxDepth: Int
    private var index = 0
    private var depth = 0
    private var topLevelKey: String?
    /// The first violation; the document is parsed to the end regardless.
    private(set) var violation: Violation?

    private init(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// Parses exactly one value surrounded by optional whitespace.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) throws(WireError)
        -> (value: JSONValue, violation: Violation?)
    {
        var parser = JSONParser(bytes, maxDepth: maxDepth)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw parser.malformed("trailing bytes after the JSON value") }
        return (value, parser.violation)
    }

    // MARK: Values

    private mutating func parseValue() throws(WireError) -> JSONValue {
        guard index < bytes.count else { throw malformed("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw malformed("unexpected byte")
        }
    }

    private mutating func enter() throws(WireError) {
        depth += 1
        if depth > maxDepth {
            throw WireError(reason: .tooDeep, message: "nested deeper than \(maxDepth) levels")
        }
    }

    private mutating func parseObject() throws(WireError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1  // {
        var members: [JSONValue.Member] = []
        var seen: Set<String> = []  // only filled past a few members; a linear scan is cheaper before
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return .object(members) }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw malformed("expected a key") }
            let key = try parseString()
            if depth == 1 { topLevelKey = key }
            let duplicate: Bool
            if members.count < 16 {
                duplicate = members.contains { $0.key == key }
            } else {
                if seen.isEmpty { seen = Set(members.map(\.key)) }
                duplicate = !seen.insert(key).inserted
            }
            if duplicate { record(.duplicateKey, "duplicate key \"\(key)\"") }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw malformed("expected ':'") }
            skipWhitespace()
            members.append(JSONValue.Member(key: key, value: try parseValue()))
            if depth == 1 { topLevelKey = nil }
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "}")) { return .object(members) }
            throw malformed("expected ',' or '}'")
        }
    }

    private mutating func parseArray() throws(WireError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "]")) { return .array(elements) }
            throw malformed("expected ',' or ']'")
        }
    }

    /// Checks the grammar and keeps the text; fields convert it to the integer type they need.
    private mutating func parseNumber() throws(WireError) -> String {
        let start = index
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            // no leading zeros
        } else if digits() == 0 {
            throw malformed("expected a digit")
        }
        if consume(UInt8(ascii: ".")) {
            guard digits() > 0 else { throw malformed("expected a digit after '.'") }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard digits() > 0 else { throw malformed("expected a digit in the exponent") }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private mutating func digits() -> Int {
        let start = index
        while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
        return index - start
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(WireError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count,
            UnsafeBufferPointer(start: literal.utf8Start, count: count).elementsEqual(bytes[index..<index + count])
        else { throw malformed("unknown literal") }
        index += count
    }

    // MARK: Strings

    private mutating func parseString() throws(WireError) -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes, the bytes are the string.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try utf8(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw malformed("control character in a string") }
            index += 1
        }
        var buffer = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try buffer.withUnsafeBufferPointer { (text) throws(WireError) in try utf8(text) }
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer)
            case ..<0x20:
                throw malformed("control character in a string")
            default:
                buffer.append(byte)
            }
        }
        throw malformed("unterminated string")
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(WireError) {
        guard index < bytes.count else { throw malformed("unterminated escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(byte)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try hex4())
            if scalar == 0 {
                record(.nulInString, "\\u0000 in a string")
            } else if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low one.
                if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                    let save = index
                    index += 2
                    let low = UInt32(try hex4())
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        index = save
                        scalar = 0xFFFD
                        record(.loneSurrogate, "a high surrogate escape without a low one")
                    }
                } else {
                    scalar = 0xFFFD
                    record(.loneSurrogate, "a high surrogate escape without a low one")
                }
            } else if (0xDC00..<0xE000).contains(scalar) {
                scalar = 0xFFFD
                record(.loneSurrogate, "a low surrogate escape without a high one")
            }
            buffer.append(contentsOf: Unicode.Scalar(scalar).map { Array(String($0).utf8) } ?? [])
        default:
            throw malformed("unknown escape")
        }
    }

    private mutating func hex4() throws(WireError) -> UInt16 {
        guard index + 4 <= bytes.count else { throw malformed("short \\u escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw malformed("bad hex digit in \\u escape")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    private func utf8(_ text: UnsafeBufferPointer<UInt8>) throws(WireError) -> String {
        guard let string = String(validating: text, as: UTF8.self) else { throw malformed("invalid UTF-8") }
        return string
    }

    // MARK: Bytes

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func record(_ reason: WireError.Reason, _ message: String) {
        if violation == nil { violation = Violation(reason: reason, message: message, topLevelKey: topLevelKey) }
    }

    private func malformed(_ what: String) -> WireError {
        WireError(reason: .malformed, message: "malformed JSON at byte \(index): \(what)")
    }
}
