/// The writer's memory of the visits it appends to: each visit's last seq and a fingerprint of
/// every client id stored in its log. It replaces the unique index on (visit, actor, client id)
/// and the per-append `max(seq)` query: with hundreds of visits active, that index put one more
/// random B-tree page into every commit (a 4 KiB WAL frame per 100-byte message).
///
/// Correct only because the writer is the one connection that writes events (the store's file
/// lock keeps other processes out). A visit is loaded from its log on first use; entries change
/// only after a request's inserts succeeded; a failed transaction forgets everything (its
/// loads may have seen rows that were then rolled back). A fingerprint match is confirmed in
/// the log before a request is answered as a duplicate, so a collision costs a query, never a
/// message. Memory is bounded: past `capacity` fingerprints, the visits used longest ago go.
final class VisitLedger {
    /// A class, so an append inserts into the one set in place: as a struct held both here and
    /// by the caller, every append copied the visit's whole set (copy-on-write).
    final class Entry {
        var lastSeq: Int64
        var fingerprints: Set<UInt64>
        var lastUsed: UInt64

        init(lastSeq: Int64, fingerprints: Set<UInt64>, lastUsed: UInt64) {
            self.lastSeq = lastSeq
            self.fingerprints = fingerprints
            self.lastUsed = lastUsed
        }
    }

    let capacity: Int
    private var visits: [String: Entry] = [:]
    private(set) var count = 0
    private var clock: UInt64 = 0

    init(capacity: Int = 500_000) { self.capacity = max(1, capacity) }

    static func fingerprint(actor: String, clientID: String) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(actor)
        hasher.combine(clientID)
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }

    /// The visit's entry, loaded with `load` (last seq, fingerprints) if it is not in memory;
    /// nil when `load` finds no such visit.
    func entry(_ visitID: String, load: () throws(StoreError) -> Entry?) throws(StoreError) -> Entry? {
        clock += 1
        if let entry = visits[visitID] {
            entry.lastUsed = clock
            return entry
        }
        guard let loaded = try load() else { return nil }
        loaded.lastUsed = clock
        visits[visitID] = loaded
        count += loaded.fingerprints.count
        return loaded
    }

    /// Records appended events (after their inserts succeeded).
    func appended(_ visitID: String, lastSeq: Int64, fingerprints: [UInt64]) {
        let entry = visits[visitID] ?? Entry(lastSeq: 0, fingerprints: [], lastUsed: clock)
        entry.lastSeq = lastSeq
        for fingerprint in fingerprints where entry.fingerprints.insert(fingerprint).inserted { count += 1 }
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
            count -= entry.fingerprints.count
        }
    }
}
