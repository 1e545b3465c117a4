import Care

/// The log payload of a chat message, written by hand: the hot path (JSONEncoder was a fifth of
/// a loop's CPU under the clinic load). The bytes are exactly what `JSONEncoder` would write for
/// `Care.VisitEvent` (keys in a fixed order), so `JSONDecoder` reads them back unchanged, and
/// every other event kind still goes through `JSONEncoder`.
enum MessagePayload {
    /// Nil unless `event` is a message.
    static func encode(_ event: VisitEvent) -> [UInt8]? {
        guard case .message(let clientMessageID, let text) = event.body else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(96 + text.utf8.count)
        append(#"{"visit":"#, to: &out)
        appendString(event.visit.rawValue, to: &out)
        append(#","seq":\#(event.seq),"at":\#(event.at.millisecondsSinceEpoch),"actor":"#, to: &out)
        switch event.actor {
        case .patient(let id):
            append(#"{"patient":{"_0":"#, to: &out)
            appendString(id.rawValue, to: &out)
            append("}}", to: &out)
        case .staff(let id):
            append(#"{"staff":{"_0":"#, to: &out)
            appendString(id.rawValue, to: &out)
            append("}}", to: &out)
        case .system:
            append(#"{"system":{}}"#, to: &out)
        }
        append(#","body":{"message":{"#, to: &out)
        if let clientMessageID {
            append(#""clientMessageID":"#, to: &out)
            appendString(clientMessageID.rawValue, to: &out)
            append(",", to: &out)
        }
        append(#""text":"#, to: &out)
        appendString(text, to: &out)
        append("}}}", to: &out)
        return out
    }

    private static func append(_ literal: String, to out: inout [UInt8]) {
        out.append(contentsOf: literal.utf8)
    }

    /// A JSON string (RFC 8259): quote, backslash and control characters escaped, the rest as UTF-8.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                        hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
