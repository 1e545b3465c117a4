import Posix
import Synchronization

/// Copies the WAL back into the database file on its own thread and connection, so the writer
/// never stalls behind a checkpoint (with the writer checkpointing itself, a 5,000 messages/s
/// load waited behind checkpoint fsyncs: p50 ack latency 185 ms; off the writer, a few ms).
/// PASSIVE checkpoints never block the writer; the writer keeps a large autocheckpoint as a
/// backstop in case this thread falls behind.
final class Checkpointer: Sendable {
    static let intervalMilliseconds: Int32 = 200

    private let wake: Int32
    private let stopping = Flag()
    private let thread: Thread

    private final class Flag: Sendable {
        let raised = Atomic<Bool>(false)
    }

    init(path: String, busyTimeoutMilliseconds: Int) throws(StoreError) {
        let database = try sqlite { () throws(SQLiteError) in try SQLiteDatabase(path: path) }
        try sqlite { () throws(SQLiteError) in
            try database.execute("PRAGMA busy_timeout=\(busyTimeoutMilliseconds); PRAGMA synchronous=FULL;")
        }
        let wake: Int32, epoll: Epoll
        do {
            wake = try EventFD.create()
            epoll = try Epoll(capacity: 1)
            try epoll.add(wake, interest: .readable, data: 0)
        } catch {
            database.close()
            throw .invalidRequest("checkpointer: \(error)")
        }
        self.wake = wake
        nonisolated(unsafe) let owned = (database, epoll)
        let stopping = stopping
        thread = Thread(name: "store-checkpoint") {
            let (database, epoll) = owned
            while !stopping.raised.load(ordering: .acquiring) {
                _ = try? epoll.wait(timeoutMilliseconds: Self.intervalMilliseconds) { _ in EventFD.drain(wake) }
                // PASSIVE: copies what no reader still needs, never waits for the writer.
                try? database.execute("PRAGMA wal_checkpoint(PASSIVE)")
            }
            database.close()
        }
    }

    func stop() {
        stopping.raised.store(true, ordering: .releasing)
        EventFD.signal(wake)
        thread.join()
        Descriptor.close(wake)
    }
}
