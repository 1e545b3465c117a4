import Care
import Logging
import Posix
import Service
import Synchronization

/// Sends the notification outbox on its own thread: reads pending rows, hands each to the
/// channel, and marks it sent (or counts the failure) through the writer. Woken when a commit
/// queued a notification, and once a second for retries. A row is sent again only after its
/// previous outcome committed, so a crash can at worst repeat the last send (at-least-once).
final class NotificationSender: Sendable {
    static let maxAttempts = 8

    private let thread: PeriodicThread

    init(records: any RecordStore, channel: any NotificationChannel, clock: any CareClock, logger: Logger) throws {
        let reader = try records.makeReader()
        // Rows whose outcome the writer has not committed yet: not sent again meanwhile.
        let awaitingCommit = Mutex(Set<Int64>())
        var retryAt: [Int64: UInt64] = [:]
        let wakeSelf = WakeTarget()
        thread = try PeriodicThread(name: "notifications", intervalMilliseconds: 1_000) { turn in
            guard case .pass = turn else { return reader.close() }
            let now = ProcessResources.monotonicNanoseconds()
            for row in (try? reader.pendingNotifications(limit: 100)) ?? [] {
                guard let id = row.id, row.attempts < Self.maxAttempts,
                    !awaitingCommit.withLock({ $0.contains(id) }), retryAt[id].map({ $0 <= now }) ?? true
                else { continue }
                awaitingCommit.withLock { _ = $0.insert(id) }
                let request: RecordWrite
                if let error = channel.send(row) {
                    // Backoff 2^attempts seconds, so a broken gateway is not hammered.
                    retryAt[id] = now + (UInt64(1) << UInt64(clamping: min(max(row.attempts, 0), Self.maxAttempts) + 1)) * 1_000_000_000
                    logger.warning("notification failed", metadata: ["id": "\(id)", "error": "\(error)"])
                    request = .recordFailure(notification: id, error: error)
                } else {
                    retryAt[id] = nil
                    request = .markSent(notification: id, at: clock.now())
                }
                let submitted = records.submit(request) { _ in
                    awaitingCommit.withLock { _ = $0.remove(id) }
                    wakeSelf.wake()
                }
                if submitted != .accepted { awaitingCommit.withLock { _ = $0.remove(id) } }
            }
        }
        wakeSelf.thread.withLock { $0 = thread }
    }

    /// A notification was queued: send without waiting for the next second.
    func notify() { thread.wake() }

    /// Stops after the current pass (call before stopping the writer).
    func stop() { thread.stop() }
}

/// The sender's own thread, reachable from the writer's completions (which run on the writer
/// thread) once it exists: a commit of a row's outcome lets the next pass look at it again.
private final class WakeTarget: Sendable {
    let thread = Mutex<PeriodicThread?>(nil)
    func wake() { thread.withLock { $0?.wake() } }
}
