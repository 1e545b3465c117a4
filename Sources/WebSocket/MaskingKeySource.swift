/// Masking keys for the client role from xorshift64*: cheap, and no key repeats within a run.
/// Masking exists to stop browser scripts from poisoning caches (RFC 6455 §10.3); a load
/// generator needs keys that vary, not keys that are secret.
struct MaskingKeySource {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed  // xorshift never leaves 0
    }

    mutating func next() -> MaskingKey {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        let word = UInt32(truncatingIfNeeded: (state &* 0x2545_F491_4F6C_DD1D) >> 32)
        return MaskingKey((
            UInt8(truncatingIfNeeded: word >> 24), UInt8(truncatingIfNeeded: word >> 16),
            UInt8(truncatingIfNeeded: word >> 8), UInt8(truncatingIfNeeded: word)))
    }
}
