import Logging
import Posix
import Store
import Synchronization

/// Sends the notification outbox on its own thread: reads pending rows, hands each to the
/// channel, and marks it sent (or counts the failure) through the writer. Woken when a commit
/// queued a notification, and once a second for retries. A row is sent again only after its
/// previous outcome committed, so a crash can at worst repeat the last send (at-least-once).
final class NotificationSender: Sendable {
    static let maxAttempts = 8

    private let wake: Int32
    private let stopping = StopFlag()
    private let thread: Thread

    private final class StopFlag: Sendable {
        let raised = Atomic<Bool>(false)
    }

    init(databasePath: String, writer: StoreWriter, channel: any NotificationChannel, logger: Logger) throws {
        let wake = try EventFD.create()
        let reader = try StoreReader(path: databasePath)
        let epoll = try Epoll(capacity: 1)
        try epoll.add(wake, interest: .readable, data: 0)
        self.wake = wake
        nonisolated(unsafe) let owned = (reader, epoll)
        let stopping = stopping
        thread = Thread(name: "notifications") {
            let (reader, epoll) = owned
            let awaitingCommit = Mutex(Set<Int64>())
            var retryAt: [Int64: UInt64] = [:]
            while !stopping.raised.load(ordering: .acquiring) {
                _ = try? epoll.wait(timeoutMilliseconds: 1_000) { _ in EventFD.drain(wake) }
                let now = ProcessResources.monotonicNanoseconds()
                for row in (try? reader.pendingNotifications(limit: 100)) ?? [] {
                    guard let id = row.id, row.attempts < Self.maxAttempts,
                        !awaitingCommit.withLock({ $0.contains(id) }), retryAt[id].map({ $0 <= now }) ?? true
                    else { continue }
                    awaitingCommit.withLock { _ = $0.insert(id) }
                    let request: WriteRequest
                    if let error = channel.send(row) {
                        // Backoff 2^attempts seconds, so a broken gateway is not hammered.
                        retryAt[id] = now + (UInt64(1) << UInt64(row.attempts + 1)) * 1_000_000_000
                        logger.warning("notification failed", metadata: ["id": "\(id)", "error": "\(error)"])
                        request = .recordNotificationFailure(id: id, error: error)
                    } else {
                        retryAt[id] = nil
                        request = .markNotificationSent(id: id, atMilliseconds: Int64(ProcessResources.wallClockSeconds() * 1000))
                    }
                    let submitted = writer.submit(request) { _ in
                        awaitingCommit.withLock { _ = $0.remove(id) }
                        EventFD.signal(wake)
                    }
                    if submitted != .accepted { awaitingCommit.withLock { _ = $0.remove(id) } }
                }
            }
            reader.close()
        }
    }

    /// A notification was queued: send without waiting for the next second.
    func notify() { EventFD.signal(wake) }

    /// Stops after the current pass (call before stopping the writer).
    func stop() {
        stopping.raised.store(true, ordering: .releasing)
        EventFD.signal(wake)
        thread.join()
        Descriptor.close(wake)
    }
}
