/// Where a desk's writes go: queued now, committed later on another thread, each answered once,
/// after its commit, in submit order (`RecordWriter`'s contract, for any kind of request).
protocol CommitPort {
    associatedtype Request
    func submit(_ request: Request, completion: @escaping RecordWriter.Completion) -> Submission
}
