/// The body of a close frame (RFC 6455 §5.5.1): an optional 2-byte code, then a UTF-8 reason.
enum ClosePayload {
    static func decode(_ payload: [UInt8]) throws(ProtocolError) -> (CloseCode?, reason: String) {
        if payload.isEmpty { return (nil, "") }
        if payload.count == 1 { throw .closePayloadTooShort }
        let code = CloseCode(rawValue: UInt16(payload[0]) << 8 | UInt16(payload[1]))
        guard code.isValidOnWire else { throw .invalidCloseCode }
        let reason = payload[2...]
        guard reason.withUnsafeBytes({ UTF8Validator.isValid($0) }) else { throw .invalidCloseReason }
        return (code, String(decoding: reason, as: UTF8.self))
    }

    /// A code that may not be sent yields an empty payload. The reason is cut to fit the 125-byte
    /// control frame limit without splitting a character.
    static func encode(code: CloseCode, reason: String) -> [UInt8] {
        guard code.isValidOnWire else { return [] }
        var payload: [UInt8] = [UInt8(code.rawValue >> 8), UInt8(code.rawValue & 0xFF)]
        var utf8 = Array(reason.utf8)
        if utf8.count > 123 {
            var cut = 123
            while cut > 0 && utf8[cut] & 0xC0 == 0x80 { cut -= 1 }
            utf8.removeSubrange(cut...)
        }
        payload.append(contentsOf: utf8)
        return payload
    }
}
