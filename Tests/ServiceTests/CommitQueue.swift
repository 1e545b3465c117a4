import Service
import Synchronization
import TestSupport

/// The tests' "post back to my loop": the writer thread appends commits here, the test thread
/// takes them in order and hands them to the desk, as a loop's mailbox would.
final class CommitQueue: CommitInbox {
    private let commits = Mutex<[Commit]>([])
    private let arrived = Semaphore()

    func post(_ commit: Commit) {
        commits.withLock { $0.append(commit) }
        arrived.signal()
    }

    /// The next commit, waiting for it up to a deadline.
    func take() -> Commit? {
        guard arrived.wait() else { return nil }
        return commits.withLock { $0.removeFirst() }
    }

    var waiting: Int { commits.withLock { $0.count } }
}
