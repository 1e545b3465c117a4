/// Deterministic test payloads.
enum Samples {
    /// xorshift64: the same bytes on every run.
    static func random(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed | 1
        return (0 ..< count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    /// Compressible text that is not trivially repetitive.
    static func text(count: Int, seed: UInt64 = 1) -> [UInt8] {
        let words = ["visit", "queue", "nurse", "patient", "shift", "handover", "note", "{\"seq\":", "}, "]
        var output: [UInt8] = []
        output.reserveCapacity(count + 16)
        for value in random(count: count, seed: seed) where output.count < count {
            output.append(contentsOf: words[Int(value) % words.count].utf8)
            output.append(UInt8(ascii: " "))
        }
        return Array(output.prefix(count))
    }
}
