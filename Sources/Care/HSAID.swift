/// A staff member's id in the HSA catalogue (Sweden's directory of health-care staff): `SE`, the
/// care provider's 10-digit organisation number (its last digit a Luhn check digit, as in a
/// personal identity number), `-`, and a suffix of letters and digits the provider assigns,
/// e.g. `SE5599990007-N0001`. Validated wherever one enters the service.
public struct HSAID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    /// The suffix's length bounds (the catalogue's ids stay well within them).
    public static let suffixBytes: ClosedRange<Int> = 1...32

    /// Nil unless `text` is a well-formed HSA id with a valid check digit.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 14, bytes[0] == UInt8(ascii: "S"), bytes[1] == UInt8(ascii: "E"), bytes[12] == UInt8(ascii: "-")
        else { return nil }
        let number = bytes[2..<12]
        guard number.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            Self.luhnValid(number.map { Int($0 - UInt8(ascii: "0")) })
        else { return nil }
        let suffix = bytes[13...]
        guard Self.suffixBytes.contains(suffix.count), suffix.allSatisfy(Self.isSuffixByte) else { return nil }
        rawValue = text
    }

    public var description: String { rawValue }
    public static func < (lhs: HSAID, rhs: HSAID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Luhn over all digits: from the right, every second digit doubled (digits of the product
    /// summed); valid when the total is a multiple of 10.
    static func luhnValid(_ digits: [Int]) -> Bool {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            let value = offset % 2 == 1 ? digit * 2 : digit
            sum += value > 9 ? value - 9 : value
        }
        return sum % 10 == 0
    }

    private static func isSuffixByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"): true
        default: false
        }
    }
}
