import Testing
@testable import WebSocket

@Suite struct UTF8ValidatorTests {
    static let valid: [String] = [
        "",
        "48 65 6c 6c 6f",
        "ce ba e1 bd b9 cf 83 ce bc ce b5",  // κόσμε
        "c2 80", "df bf",  // U+0080, U+07FF
        "e0 a0 80", "ed 9f bf", "ee 80 80", "ef bf bf",  // U+0800, U+D7FF, U+E000, U+FFFF
        "f0 90 80 80", "f4 8f bf bf",  // U+10000, U+10FFFF
        "ef bb bf",  // BOM is just a character
    ]

    /// Invalid input and the index of the first byte that proves it.
    static let invalid: [(String, Int)] = [
        ("80", 0), ("bf", 0),  // lone continuation
        ("c0 80", 0), ("c1 bf", 0),  // overlong 2-byte
        ("e0 80 80", 1), ("e0 9f bf", 1),  // overlong 3-byte
        ("f0 80 80 80", 1), ("f0 8f bf bf", 1),  // overlong 4-byte
        ("ed a0 80", 1), ("ed bf bf", 1),  // surrogates U+D800, U+DFFF
        ("f4 90 80 80", 1), ("f5 80 80 80", 0), ("f7 bf bf bf", 0),  // past U+10FFFF
        ("fe", 0), ("ff", 0),
        ("c2 41", 1), ("e2 82 41", 2), ("f0 90 80 41", 3),  // continuation missing
        ("ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64", 12),  // Autobahn 6.4.1
        ("41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 ff 41", 19),  // past the ASCII fast path
    ]

    @Test(arguments: valid)
    func acceptsValidInputSplitAnywhere(bytes: String) {
        let input = hex(bytes)
        for cut in 0 ... input.count {
            var validator = UTF8Validator()
            let first = validator.validate(Array(input[..<cut]))
            let second = validator.validate(Array(input[cut...]))
            #expect(first && second && validator.isComplete)
        }
    }

    @Test(arguments: invalid)
    func failsAtTheFirstBadByte(bytes: String, index: Int) {
        let input = hex(bytes)
        var validator = UTF8Validator()
        for position in 0 ..< input.count {
            let ok = validator.validate([input[position]])
            #expect(ok == (position < index), "byte \(position)")
            if !ok { break }
        }
        for cut in 0 ... input.count {
            var validator = UTF8Validator()
            let verdict = validator.validate(Array(input[..<cut])) && validator.validate(Array(input[cut...]))
            #expect(!verdict)
        }
    }

    @Test(arguments: ["c2", "e2 82", "f0 90 80", "48 e2"])
    func truncatedSequenceIsIncomplete(bytes: String) {
        var validator = UTF8Validator()
        let valid = validator.validate(hex(bytes))
        #expect(valid && !validator.isComplete)
    }

    @Test func agreesWithTheStandardLibraryOnEveryTwoByteInput() {
        for first in 0 ... 255 {
            for second in 0 ... 255 {
                let bytes: [UInt8] = [UInt8(first), UInt8(second)]
                let expected = String(validating: bytes, as: UTF8.self) != nil
                #expect(bytes.withUnsafeBytes { UTF8Validator.isValid($0) } == expected, "\(bytes)")
            }
        }
    }

    @Test func agreesWithTheStandardLibraryOnThreeAndFourByteLeads() {
        for lead in [0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5] as [UInt8] {
            for second in 0x70 ... 0xC5 as ClosedRange<UInt8> {
                for tail in [0x80, 0xBF, 0x41] as [UInt8] {
                    let bytes = lead >= 0xF0 ? [lead, second, 0x80, tail] : [lead, second, tail]
                    let expected = String(validating: bytes, as: UTF8.self) != nil
                    #expect(bytes.withUnsafeBytes { UTF8Validator.isValid($0) } == expected, "\(bytes)")
                }
            }
        }
    }
}
