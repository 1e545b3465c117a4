import Care
import Posix
import Service
import Store

/// The record ports on SQLite: writes go to the one `StoreWriter` thread (group commit), each
/// thread reads through its own `SQLiteRecordReader`. Writes are encoded into rows here, on the
/// submitting thread, so the writer thread only binds and steps statements.
public final class SQLiteRecordStore: RecordStore {
    public let path: String
    public let isNew: Bool
    private let writer: StoreWriter
    private let coding = LogCoding()

    /// Opens (creating and migrating if needed) the database and starts its writer thread.
    public convenience init(path: String) throws(RecordError) {
        let isNew = !FileSystem.exists(path)
        do {
            self.init(writer: try StoreWriter(configuration: .init(path: path)), path: path, isNew: isNew)
        } catch {
            throw LogCoding.error(error)
        }
    }

    /// Over a writer already running on `path` (tests configure theirs).
    public init(writer: StoreWriter, path: String, isNew: Bool = false) {
        self.writer = writer
        self.path = path
        self.isNew = isNew
    }

    @discardableResult
    public func submit(_ write: RecordWrite, completion: @escaping Completion) -> Submission {
        let submitted = writer.submit(coding.request(write)) { completion(LogCoding.outcome($0)) }
        return switch submitted {
        case .accepted: .accepted
        case .busy: .busy
        case .stopped: .stopped
        }
    }

    public func makeReader() throws(RecordError) -> any RecordReader {
        try SQLiteRecordReader(path: path)
    }

    public var statistics: RecordStatistics {
        let stats = writer.statistics
        var out = RecordStatistics()
        out.commits = stats.commits
        out.failedCommits = stats.failedCommits
        out.committedWrites = stats.committedRequests
        out.largestBatch = stats.largestBatch
        out.transactionNanoseconds = stats.transactionNanoseconds
        out.commitNanoseconds = stats.commitNanoseconds
        out.queued = writer.queued
        out.busyRejections = stats.busyRejections
        out.ledgerFingerprints = stats.ledgerFingerprints
        out.memoryBytes = SQLiteDatabase.memoryUsed
        return out
    }

    public func stop() { writer.stop() }
}
