import Care
import MemoryRecords
import Service
import Testing

/// A desk on the memory store: nothing commits until the test says so (`store.commit()`, or
/// `settle()`, which commits whatever is queued and hands the results to the desk).
final class MemoryDesk: DeskDriver {
    let store: MemoryRecordStore
    let inbox = CommitQueue()
    let recorder = Recorder()
    let desk: VisitDesk
    var now = Instant(millisecondsSinceEpoch: 1_700_000_000_000)

    /// A desk on `store` (a new one, or the store of a desk that "crashed", to recover from).
    init(store: MemoryRecordStore = MemoryRecordStore(), tailLimit: Int = 256) throws {
        self.store = store
        desk = VisitDesk(loop: 0, ownership: VisitOwnership(loops: 1), writer: store, reader: try store.makeReader(),
                         inbox: inbox, sink: recorder, ids: CountingVisitIDs(), tailLimit: tailLimit)
    }

    /// Commits what is queued (failing the transaction if asked) and hands every result to the
    /// desk, until none of its writes is in flight.
    func settle(failing: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) {
        var failing = failing
        while desk.writesInFlight > 0 {
            if inbox.waiting == 0 {
                guard store.commit(failing: failing) > 0 else {
                    Issue.record("writes in flight, none queued", sourceLocation: sourceLocation)
                    return
                }
                failing = false
            }
            guard let commit = inbox.take() else { return }
            desk.committed(commit, now: now)
        }
    }

    func settle(sourceLocation: SourceLocation) { settle(failing: false, sourceLocation: sourceLocation) }
}
