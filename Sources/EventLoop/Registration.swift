/// A registered descriptor: its registry slot and the slot's generation at registration time.
/// Packed into epoll's 64-bit data, so an event for a closed-and-reused slot is recognised as stale.
public struct Registration: Hashable, Sendable {
    public let slot: UInt32
    public let generation: UInt32

    public init(slot: UInt32, generation: UInt32) {
        self.slot = slot
        self.generation = generation
    }

    init(packed: UInt64) {
        slot = UInt32(truncatingIfNeeded: packed)
        generation = UInt32(truncatingIfNeeded: packed >> 32)
    }

    var packed: UInt64 { UInt64(generation) << 32 | UInt64(slot) }
}
