/// The writer's memory of the visits it appends to: each visit's last seq and fingerprints of
/// the newest `window` client ids in its log. It replaces the unique index on (visit, actor,
/// client id) and the per-append `max(seq)` query: with hundreds of visits active, that index put
/// one more random B-tree page into every commit (a 4 KiB WAL frame per 100-byte message).
///
/// Idempotency is a window, as docs/protocol.md says: a resend is answered with its original seq
/// while fewer than `window` client-id events of the visit were stored after it. Keeping every id
/// of a visit's life (an async phase lasts up to a year) grew the server by every message, and
/// once the visits in use held more ids than the capacity, each append evicted a visit that the
/// next append read back whole from the log (issue 21 item 7: the 30-minute soak fell behind).
///
/// Correct only because the writer is the one connection that writes events (the store's file
/// lock keeps other processes out). A visit is loaded from the tail of its log on first use;
/// entries change only after a request's inserts succeeded; a failed transaction forgets
/// everything (its loads may have seen rows that were then rolled back). A fingerprint match is
/// confirmed in the log (from the window's oldest seq on) before a request is answered as a
/// duplicate, so a collision costs a query, never a message. Past `capacity` fingerprints, the
/// visits used longest ago go.
final class VisitLedger {
    /// Client ids per visit that a resend is checked against (docs/protocol.md).
    static let window = 256

    let capacity: Int
    private var visits: [String: VisitWindow] = [:]
    private(set) var count = 0
    private var clock: UInt64 = 0

    init(capacity: Int = 500_000) { self.capacity = max(1, capacity) }

    static func fingerprint(actor: String, clientID: String) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(actor)
        hasher.combine(clientID)
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }

    /// The visit's entry, loaded with `load` (last seq, newest client ids) if it is not in
    /// memory; nil when `load` finds no such visit.
    func entry(_ visitID: String, load: () throws(StoreError) -> VisitWindow?) throws(StoreError) -> VisitWindow? {
        clock += 1
        if let entry = visits[visitID] {
            entry.lastUsed = clock
            return entry
        }
        guard let loaded = try load() else { return nil }
        loaded.lastUsed = clock
        visits[visitID] = loaded
        count += loaded.count
        return loaded
    }

    /// Records appended events (after their inserts succeeded): their client ids with their seqs.
    func appended(_ visitID: String, lastSeq: Int64, clientIDs: [(fingerprint: UInt64, seq: Int64)]) {
        let entry = visits[visitID] ?? VisitWindow(lastSeq: 0, size: Self.window)
        entry.lastUsed = clock
        entry.lastSeq = lastSeq
        let before = entry.count
        for id in clientIDs { entry.remember(id.fingerprint, seq: id.seq) }
        count += entry.count - before
        visits[visitID] = entry
    }

    /// After a failed transaction: nothing in memory can be trusted.
    func forget() {
        visits.removeAll()
        count = 0
    }

    /// Between transactions: drops the least recently used visits while over capacity.
    func trim() {
        guard count > capacity else { return }
        let target = capacity - capacity / 10
        for (visitID, entry) in visits.sorted(by: { $0.value.lastUsed < $1.value.lastUsed }) {
            if count <= target { break }
            visits[visitID] = nil
            count -= entry.count
        }
    }
}
