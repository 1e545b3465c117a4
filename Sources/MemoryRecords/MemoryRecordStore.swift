import Care
import Service
import Synchronization

/// The record ports in memory, for tests of the desk: no file, no thread. Submitted writes wait
/// until the test calls `commit()`, which applies them in one "transaction" and then runs their
/// completions, in submit order, on the calling thread (the writer's thread, as far as the
/// contract goes). So a test decides exactly which writes are in flight, and whether they fail.
public final class MemoryRecordStore: RecordStore {
    public let isNew = true
    private let queueLimit: Int
    private let state = Mutex(State())

    private struct State {
        var records = MemoryRecords()
        var queued: [(write: RecordWrite, completion: Completion)] = []
        var stopped = false
        var statistics = RecordStatistics()
    }

    /// `queueLimit`: writes waiting for `commit()`, at most; one more is refused `busy`.
    public init(queueLimit: Int = 10_000) {
        self.queueLimit = max(1, queueLimit)
    }

    @discardableResult
    public func submit(_ write: RecordWrite, completion: @escaping Completion) -> Submission {
        state.withLock { state in
            if state.stopped { return .stopped }
            guard state.queued.count < queueLimit else {
                state.statistics.busyRejections += 1
                return .busy
            }
            state.queued.append((write, completion))
            return .accepted
        }
    }

    /// Writes waiting for `commit()`.
    public var queued: Int { state.withLock { $0.queued.count } }

    /// Applies every queued write as one transaction and runs their completions. `failing`: the
    /// transaction fails as a whole (a failed COMMIT): nothing is stored, every write gets
    /// `.failed`. Returns how many writes it answered.
    @discardableResult
    public func commit(failing: Bool = false) -> Int {
        let answered: [(Completion, Result<RecordOutcome, RecordError>)] = state.withLock { state in
            let batch = state.queued
            state.queued = []
            guard !batch.isEmpty else { return [] }
            state.statistics.largestBatch = max(state.statistics.largestBatch, batch.count)
            if failing {
                state.statistics.failedCommits += 1
                return batch.map { ($0.completion, .failure(.failed("the transaction failed"))) }
            }
            state.statistics.commits += 1
            state.statistics.committedWrites += batch.count
            return batch.map { item in
                do throws(RecordError) {
                    return (item.completion, .success(try state.records.apply(item.write)))
                } catch {
                    return (item.completion, .failure(error))
                }
            }
        }
        // Outside the lock: a completion may submit again.
        for (completion, result) in answered { completion(result) }
        return answered.count
    }

    public func makeReader() throws(RecordError) -> any RecordReader { MemoryRecordReader(store: self) }

    /// The committed records, for readers.
    func read<T>(_ body: (MemoryRecords) -> T) -> T { state.withLock { body($0.records) } }

    public var statistics: RecordStatistics {
        state.withLock { state in
            var statistics = state.statistics
            statistics.queued = state.queued.count
            return statistics
        }
    }

    /// Commits what is queued, then refuses further writes.
    public func stop() {
        commit()
        state.withLock { $0.stopped = true }
    }
}
