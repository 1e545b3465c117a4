import Server
import Service

/// The record store's counters on /metrics: where a message's commit time goes (queueing,
/// transaction, fsync) is the first question when care latency grows.
enum StoreMetrics {
    static func render(_ stats: RecordStatistics) -> String {
        var out = ""
        func metric(_ name: String, _ type: String, _ help: String, _ value: String) {
            out += MetricsExposition.metric(name, type, help, value)
        }
        metric("carewire_store_commits_total", "counter", "Store transactions committed.", String(stats.commits))
        metric("carewire_store_failed_commits_total", "counter", "Store transactions that failed (none of their requests was acked).",
               String(stats.failedCommits))
        metric("carewire_store_committed_requests_total", "counter", "Write requests in committed transactions.",
               String(stats.committedWrites))
        metric("carewire_store_largest_batch", "gauge", "Most requests in one transaction since the start.", String(stats.largestBatch))
        metric("carewire_store_transaction_seconds_total", "counter", "Time in transactions (BEGIN to COMMIT, fsync included).",
               String(Double(stats.transactionNanoseconds) / 1e9))
        metric("carewire_store_commit_seconds_total", "counter", "Time in COMMIT (writing the WAL and its fsync).",
               String(Double(stats.commitNanoseconds) / 1e9))
        metric("carewire_store_queued_requests", "gauge", "Write requests waiting for the writer.", String(stats.queued))
        metric("carewire_store_busy_rejections_total", "counter", "Writes refused because the writer's queue was full.",
               String(stats.busyRejections))
        metric("carewire_store_ledger_fingerprints", "gauge", "Client ids the writer remembers for duplicate checks.",
               String(stats.ledgerFingerprints))
        metric("carewire_sqlite_memory_bytes", "gauge", "Bytes SQLite holds (page caches of every connection, statements).",
               String(stats.memoryBytes))
        return out
    }
}
