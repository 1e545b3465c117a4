/// The writer's counters, for /metrics: where a write's commit time goes.
public struct RecordStatistics: Sendable, Equatable {
    /// Transactions that committed, and that failed (every write in them failed).
    public var commits = 0
    public var failedCommits = 0
    /// Writes in committed transactions (including ones that failed alone).
    public var committedWrites = 0
    public var largestBatch = 0
    /// Time in transactions, and of it in COMMIT (the log write and its fsync).
    public var transactionNanoseconds: UInt64 = 0
    public var commitNanoseconds: UInt64 = 0
    /// Writes waiting for the writer right now.
    public var queued = 0
    /// Submits refused with `.busy`.
    public var busyRejections = 0
    /// Client ids the writer remembers for duplicate checks.
    public var ledgerFingerprints = 0
    /// Bytes the storage engine holds in memory (caches, statements).
    public var memoryBytes = 0

    public init() {}
}
