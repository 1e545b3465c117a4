/// One visit in the writer's `VisitLedger`: its last seq and the newest client ids of its log,
/// as fingerprints in a ring of fixed size. A class, so an append changes the one ring in place
/// (a struct held by the ledger and the caller would copy it on every append).
final class VisitWindow {
    var lastSeq: Int64
    var lastUsed: UInt64 = 0
    private var ring: [(fingerprint: UInt64, seq: Int64)] = []
    /// Index of the oldest slot once the ring is full.
    private var head = 0
    private var fingerprints: Set<UInt64> = []
    let size: Int

    init(lastSeq: Int64, size: Int) {
        self.lastSeq = lastSeq
        self.size = max(1, size)
        ring.reserveCapacity(min(self.size, 16))
    }

    /// Client ids held (at most `size`).
    var count: Int { ring.count }

    /// The seq of the oldest client id held: an original older than it is outside the window.
    var oldestSeq: Int64 { ring.isEmpty ? 0 : ring[ring.count < size ? 0 : head].seq }

    func contains(_ fingerprint: UInt64) -> Bool { fingerprints.contains(fingerprint) }

    /// Adds a stored client id (in seq order); the oldest leaves once the ring is full.
    func remember(_ fingerprint: UInt64, seq: Int64) {
        guard ring.count == size else {
            ring.append((fingerprint, seq))
            fingerprints.insert(fingerprint)
            return
        }
        let leaving = ring[head].fingerprint
        ring[head] = (fingerprint, seq)
        head = (head + 1) % size
        // Two ids of one window may share a fingerprint (a collision): keep it while one remains.
        if leaving != fingerprint && !ring.contains(where: { $0.fingerprint == leaving }) { fingerprints.remove(leaving) }
        fingerprints.insert(fingerprint)
    }
}

@available(*, unavailable) extension VisitWindow: Sendable {}
