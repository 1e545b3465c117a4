import Posix
import Synchronization

/// The store's only writer: one thread owning the write connection, fed by a bounded queue.
/// Each drain of the queue is one transaction (group commit: while one COMMIT waits for fsync,
/// the next batch gathers). Completions run on the writer thread, in submit order, only after
/// COMMIT returned OK; they must be quick and must not block (post to a loop's mailbox).
public final class StoreWriter: Sendable {
    public typealias Completion = @Sendable (Result<WriteOutcome, StoreError>) -> Void

    public enum SubmitResult: Sendable, Equatable {
        case accepted
        /// The queue is at its limit: shed load (answer `rate_limited`), do not retry in a loop.
        case busy
        /// `stop()` was called; the completion will not run.
        case stopped
    }

    public struct Configuration: Sendable {
        public var path: String
        /// Requests waiting for the writer, at most. Bounds memory when the disk is slow.
        public var queueLimit = 10_000
        /// Requests per transaction, at most, so one COMMIT never holds an unbounded batch.
        public var maxBatch = 1_000
        public var busyTimeoutMilliseconds = 5_000
        /// How long to wait for the database's writer lock before refusing to start. A previous
        /// writer may still be exiting (a restart under a supervisor), and a child process forked
        /// at the wrong moment holds a copy of the lock until it execs.
        public var lockWaitMilliseconds = 3_000
        /// Client-id fingerprints the writer keeps in memory, at most (≈ 30 bytes each, at most
        /// `VisitLedger.window` per visit: 500,000 hold about 2,000 busy visits); visits used
        /// longest ago are dropped past it and read again from the tail of their log.
        public var ledgerCapacity = 500_000
        /// Tests only: COMMIT fails whenever this returns true.
        var commitVeto: (@Sendable () -> Bool)?

        public init(path: String) { self.path = path }
    }

    public struct Statistics: Sendable, Equatable {
        /// Transactions that committed.
        public var commits = 0
        /// Transactions that failed at BEGIN or COMMIT (every request in them failed).
        public var failedCommits = 0
        /// Requests in committed transactions (including ones that failed alone).
        public var committedRequests = 0
        public var largestBatch = 0
        /// Time spent in transactions (BEGIN … COMMIT, fsync included).
        public var transactionNanoseconds: UInt64 = 0
        /// Of which in COMMIT: writing the WAL and its fsync.
        public var commitNanoseconds: UInt64 = 0
        /// Submits refused with `.busy`.
        public var busyRejections = 0
        /// Client-id fingerprints in the writer's `VisitLedger` after the last transaction.
        public var ledgerFingerprints = 0

        public var requestsPerCommit: Double { commits == 0 ? 0 : Double(committedRequests) / Double(commits) }
    }

    private let queue: RequestQueue
    private let shared = Shared()
    private let thread: Thread
    private let checkpointer: Checkpointer
    /// One writing process per database: the `VisitLedger` trusts that no one else appends.
    private let lock: FileLock
    /// Joining a pthread twice is undefined; `stop()` joins once.
    private let joined = Mutex(false)

    /// Shared by the submitters (busy count), the writer thread and `statistics` readers.
    private final class Shared: Sendable {
        let statistics = Mutex(Statistics())
        /// The writer's kernel thread id, so `stop()` from a completion traps instead of deadlocking.
        let writerThreadID = Atomic<Int32>(0)
    }

    /// Opens (creating and migrating if needed) the database, then starts the writer thread.
    public init(configuration: Configuration) throws(StoreError) {
        lock = try Self.lock(configuration.path, waiting: configuration.lockWaitMilliseconds)
        let database = try StoreDatabase.openWriter(path: configuration.path,
                                                    busyTimeoutMilliseconds: configuration.busyTimeoutMilliseconds)
        // Handed to the writer thread; this thread never touches it again (NOMUTEX is fine with
        // a connection changing threads, as long as two never use it at once).
        nonisolated(unsafe) let connection = try WriteConnection(database: database, ledgerCapacity: configuration.ledgerCapacity,
                                                                       commitVeto: configuration.commitVeto)
        checkpointer = try Checkpointer(path: configuration.path, busyTimeoutMilliseconds: configuration.busyTimeoutMilliseconds)
        let queue = RequestQueue(limit: configuration.queueLimit)
        let shared = shared
        let maxBatch = max(1, configuration.maxBatch)
        self.queue = queue
        thread = Thread(name: "store-writer") {
            shared.writerThreadID.store(Thread.currentID, ordering: .relaxed)
            Self.run(connection, queue: queue, shared: shared, maxBatch: maxBatch)
        }
    }

    /// Queues a request. `completion` runs exactly once, after the outcome is committed (or with
    /// the error), unless this returns `.busy` or `.stopped`: then it never runs.
    @discardableResult
    public func submit(_ request: WriteRequest, completion: @escaping Completion) -> SubmitResult {
        let result = queue.push(RequestQueue.Item(request: request, completion: completion))
        if result == .busy { shared.statistics.withLock { $0.busyRejections += 1 } }
        return result
    }

    /// Refuses new requests, commits everything already queued, runs its completions, closes the
    /// connection and joins the thread. Idempotent. Never call it from a completion.
    public func stop() {
        precondition(Thread.currentID != shared.writerThreadID.load(ordering: .relaxed), "StoreWriter.stop() from its own completion")
        queue.stop()
        joined.withLock { joined in
            if !joined {
                thread.join()
                checkpointer.stop()
                lock.unlock()
            }
            joined = true
        }
    }

    /// The lock file next to the database (`PATH-writer.lock`).
    public static func lockPath(of databasePath: String) -> String { databasePath + "-writer.lock" }

    private static func lock(_ path: String, waiting milliseconds: Int) throws(StoreError) -> FileLock {
        let deadline = ProcessResources.monotonicNanoseconds() + UInt64(max(0, milliseconds)) * 1_000_000
        while true {
            do {
                return try FileLock(path: lockPath(of: path))
            } catch {
                guard error.isHeldElsewhere else { throw .lockFailed(error.description) }
                guard ProcessResources.monotonicNanoseconds() < deadline else {
                    throw .heldByAnotherWriter(lockPath: lockPath(of: path))
                }
                ProcessResources.sleep(milliseconds: 20)
            }
        }
    }

    public var statistics: Statistics { shared.statistics.withLock { $0 } }
    /// Requests waiting for the writer right now.
    public var queued: Int { queue.count }

    private static func run(_ connection: WriteConnection, queue: RequestQueue, shared: Shared, maxBatch: Int) {
        while true {
            let batch = queue.take(max: maxBatch)
            if batch.isEmpty { break }
            let started = ProcessResources.monotonicNanoseconds()
            let batchResult = connection.apply(batch.map(\.request))
            let elapsed = ProcessResources.monotonicNanoseconds() - started
            shared.statistics.withLock { stats in
                if !batchResult.committed { stats.failedCommits += 1 } else {
                    stats.commits += 1
                    stats.committedRequests += batch.count
                }
                stats.largestBatch = max(stats.largestBatch, batch.count)
                stats.transactionNanoseconds += elapsed
                stats.commitNanoseconds += batchResult.commitNanoseconds
                stats.ledgerFingerprints = connection.ledger.count
            }
            for (item, result) in zip(batch, batchResult.results) { item.completion(result) }
        }
        connection.close()
    }
}
