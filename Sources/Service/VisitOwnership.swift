import Care

/// Which loop owns a visit: FNV-1a (64-bit) of its id modulo the loop count. Every loop computes
/// the same answer without talking, and it never changes while the process runs (a restart with
/// another loop count just spreads visits differently: ownership is not stored).
public struct VisitOwnership: Hashable, Sendable {
    public let loops: Int

    public init(loops: Int) {
        precondition(loops > 0, "at least one loop owns visits")
        self.loops = loops
    }

    public func owner(of visit: VisitID) -> Int { owner(ofAggregate: visit) }

    /// The loop that owns any desk's aggregate, by its key: the same hash for every kind.
    public func owner(ofAggregate key: some Identifier) -> Int {
        Int(Self.fnv1a(key.rawValue) % UInt64(loops))
    }

    /// The loop that keeps any other keyed state (a queue's board, a staff member's inbox), by
    /// the same hash, so every loop agrees without talking.
    public func owner(ofKey key: String) -> Int {
        Int(Self.fnv1a(key) % UInt64(loops))
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
