/// Where care records live: the writer every thread shares, and a reader per thread. The
/// composition root picks the implementation (SQLite in the server, memory in tests).
public protocol RecordStore: RecordWriter {
    /// Nothing was stored before this start (demo mode then seeds a few waiting visits).
    var isNew: Bool { get }
    /// A reader for the calling thread.
    func makeReader() throws(RecordError) -> any RecordReader
    var statistics: RecordStatistics { get }
    /// Refuses new writes, commits what is queued, runs its completions. Idempotent; never
    /// from a completion.
    func stop()
}
