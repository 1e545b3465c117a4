import Care

/// Writes JSON straight into a byte array: keys in the order the code writes them (the
/// envelope first: `type`, `id`, `visit`, `seq`), no whitespace, strings escaped minimally
/// (`"`, `\`, and control characters; everything else, including non-ASCII, as UTF-8). The same
/// value always gives the same bytes, which golden tests rely on.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    // MARK: Containers

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func array<S: Sequence>(_ elements: S, _ element: (inout JSONWriter, S.Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        for value in elements {
            separate()
            element(&self, value)
            needsComma = true
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// `"key":` — keys are ASCII identifiers written by this module, never escaped.
    mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// A key that comes from data (visit ids in `hello.resume`), escaped like any string.
    mutating func key(_ key: String) {
        separate()
        string(key)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    // MARK: Fields (key and value)

    mutating func field(_ name: StaticString, _ value: String) { key(name); string(value) }
    mutating func field(_ name: StaticString, _ value: Bool) { key(name); bool(value) }
    mutating func field(_ name: StaticString, _ value: Int) { key(name); integer(Int64(value)) }
    mutating func field(_ name: StaticString, _ value: Int64) { key(name); integer(value) }
    mutating func field(_ name: StaticString, _ value: UInt64) { key(name); unsigned(value) }

    /// Optional fields are left out when nil (never written as null).
    mutating func field(_ name: StaticString, ifPresent value: String?) { if let value { field(name, value) } }
    mutating func field(_ name: StaticString, ifPresent value: Bool?) { if let value { field(name, value) } }
    mutating func field(_ name: StaticString, ifPresent value: Int?) { if let value { field(name, value) } }
    mutating func field(_ name: StaticString, ifPresent value: Int64?) { if let value { field(name, value) } }
    mutating func field(_ name: StaticString, ifPresent value: UInt64?) { if let value { field(name, value) } }

    // MARK: Scalars

    mutating func bool(_ value: Bool) {
        if value {
            bytes.append(contentsOf: [UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "u"), UInt8(ascii: "e")])
        } else {
            bytes.append(contentsOf: [
                UInt8(ascii: "f"), UInt8(ascii: "a"), UInt8(ascii: "l"), UInt8(ascii: "s"), UInt8(ascii: "e"),
            ])
        }
        needsComma = true
    }

    mutating func integer(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude)
        needsComma = true
    }

    mutating func unsigned(_ value: UInt64) {
        appendDigits(value)
        needsComma = true
    }

    private mutating func appendDigits(_ value: UInt64) {
        var count = 1
        var rest = value / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        var remaining = value
        var position = bytes.count - 1
        repeat {
            bytes[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
            position -= 1
        } while remaining > 0
    }

    /// Escaped by Care's `JSONString`, the escaper the log codec shares.
    mutating func string(_ value: String) {
        JSONString.append(value, to: &bytes)
        needsComma = true
    }
}
