/// The write port: every write of care records goes through it, asynchronously. The desk keeps
/// deciding while writes are in flight and tells nobody before their commit comes back.
public protocol RecordWriter: Sendable {
    typealias Completion = @Sendable (Result<RecordOutcome, RecordError>) -> Void

    /// Queues a write. `completion` runs exactly once, after the write is committed (or with its
    /// error), on the writer's thread, in submit order; it must only enqueue (post to a loop).
    /// It never runs unless this returns `.accepted`.
    @discardableResult
    func submit(_ write: RecordWrite, completion: @escaping Completion) -> Submission
}

extension RecordWriter {
    /// A write nobody waits for.
    @discardableResult
    public func submit(_ write: RecordWrite) -> Submission { submit(write) { _ in } }
}
