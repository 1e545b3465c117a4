/// The care records' writer as a desk's commit port (one existential call per write, as before).
struct RecordPort: CommitPort {
    let writer: any RecordWriter

    func submit(_ request: RecordWrite, completion: @escaping RecordWriter.Completion) -> Submission {
        writer.submit(request, completion: completion)
    }
}
