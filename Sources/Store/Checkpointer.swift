import Posix
import Synchronization

/// Copies the WAL back into the database file on its own thread and connection, so the writer
/// never stalls behind a checkpoint (with the writer checkpointing itself, a 5,000 messages/s
/// load waited behind checkpoint fsyncs: p50 ack latency 185 ms; off the writer, a few ms).
/// PASSIVE checkpoints never block the writer; the writer keeps a large autocheckpoint as a
/// backstop in case this thread falls behind.
final class Checkpointer: Sendable {
    static let intervalMilliseconds: Int32 = 200

    private let thread: PeriodicThread

    init(path: String, busyTimeoutMilliseconds: Int) throws(StoreError) {
        let database = try sqlite { () throws(SQLiteError) in try SQLiteDatabase(path: path) }
        try sqlite { () throws(SQLiteError) in
            try database.execute("PRAGMA busy_timeout=\(busyTimeoutMilliseconds); PRAGMA synchronous=FULL;")
        }
        do {
            thread = try PeriodicThread(name: "store-checkpoint", intervalMilliseconds: Self.intervalMilliseconds) { turn in
                switch turn {
                // PASSIVE: copies what no reader still needs, never waits for the writer.
                case .pass: try? database.execute("PRAGMA wal_checkpoint(PASSIVE)")
                case .finishing: database.close()
                }
            }
        } catch {
            throw .invalidRequest("checkpointer: \(error)")  // the connection closes as it is released
        }
    }

    func stop() { thread.stop() }
}
