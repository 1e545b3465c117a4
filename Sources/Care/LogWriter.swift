/// Writes one log payload or snapshot: a JSON object with the format version `"v"` first, then
/// the fields in the order the codec writes them (so the bytes are pinned by golden tests), no
/// whitespace, strings through the shared `JSONString` escaper. Optional fields are left out.
struct LogWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    init(version: Int, capacity: Int = 64) {
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
        field("v", version)
    }

    mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    mutating func key(_ name: StaticString) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        needsComma = true
    }

    mutating func field(_ name: StaticString, _ value: String) { key(name); JSONString.append(value, to: &bytes) }
    mutating func field(_ name: StaticString, _ value: Int64) { key(name); number(value) }
    mutating func field(_ name: StaticString, _ value: Int) { field(name, Int64(value)) }
    mutating func field(_ name: StaticString, _ value: UInt64) { key(name); bytes.append(contentsOf: String(value).utf8) }
    mutating func field(_ name: StaticString, _ value: Bool) { key(name); bytes.append(contentsOf: (value ? "true" : "false").utf8) }

    mutating func field(_ name: StaticString, ifPresent value: String?) { if let value { field(name, value) } }
    mutating func field(_ name: StaticString, ifPresent value: Int64?) { if let value { field(name, value) } }
    mutating func field(_ name: StaticString, ifPresent value: Int?) { if let value { field(name, value) } }
    mutating func field(_ name: StaticString, ifPresent value: Bool?) { if let value { field(name, value) } }

    mutating func number(_ value: Int64) {
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    /// An object value (after `key`, or as an array element).
    mutating func object(_ body: (inout LogWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func array<S: Sequence>(_ name: StaticString, _ elements: S, _ element: (inout LogWriter, S.Element) -> Void) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        var first = true
        for value in elements {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            needsComma = false
            element(&self, value)
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }
}

extension LogWriter {
    /// The same shape in payloads and snapshots.
    mutating func write(_ resource: Resource) {
        object { w in
            w.field("careProvider", resource.careProvider.rawValue)
            w.field("unit", resource.unit.rawValue)
            w.field("role", resource.role.rawValue)
        }
    }

    mutating func write(_ clinician: Clinician) {
        object { w in
            w.field("id", clinician.id.rawValue)
            w.field("name", clinician.displayName)
            w.field("role", clinician.role.rawValue)
        }
    }
}
