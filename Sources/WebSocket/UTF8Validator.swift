/// Incremental UTF-8 validation (RFC 3629), fed chunk by chunk so a text message fails at its
/// first invalid byte even when a code point is split across reads or fragments.
///
/// Tracks how many continuation bytes are still due and the range the next one must fall in;
/// the narrowed ranges after E0, ED, F0 and F4 reject overlongs, surrogates (U+D800-DFFF) and
/// code points past U+10FFFF. ASCII runs are skipped 8 bytes at a time.
public struct UTF8Validator: Sendable {
    private var pending: UInt8 = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    public init() {}

    /// False at the first byte that cannot be part of valid UTF-8; the validator is then spent.
    public mutating func validate(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            if pending == 0 {
                while index + 8 <= count,
                      bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                }
                guard index < count else { break }
            }
            let byte = bytes[index]
            index += 1
            if pending == 0 {
                switch byte {
                case 0x00 ... 0x7F: continue
                case 0xC2 ... 0xDF: pending = 1
                case 0xE0: pending = 2; lower = 0xA0
                case 0xED: pending = 2; upper = 0x9F
                case 0xE1 ... 0xEC, 0xEE ... 0xEF: pending = 2
                case 0xF0: pending = 3; lower = 0x90
                case 0xF4: pending = 3; upper = 0x8F
                case 0xF1 ... 0xF3: pending = 3
                default: return false
                }
            } else {
                guard byte >= lower && byte <= upper else { return false }
                lower = 0x80
                upper = 0xBF
                pending -= 1
            }
        }
        return true
    }

    public mutating func validate(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { validate($0) }
    }

    /// True when no code point is left unfinished: check this at the end of a message.
    public var isComplete: Bool { pending == 0 }

    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var validator = UTF8Validator()
        return validator.validate(bytes) && validator.isComplete
    }
}
