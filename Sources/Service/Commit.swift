/// A store result on its way back to the loop that submitted the write. The writer thread only
/// wraps and posts it (cheap); the desk handles it on its own loop in `VisitDesk.committed(_:)`.
public struct Commit: Sendable {
    /// Which of the desk's writes this answers.
    public let ticket: UInt64
    public let result: Result<RecordOutcome, RecordError>

    public init(ticket: UInt64, result: Result<RecordOutcome, RecordError>) {
        self.ticket = ticket
        self.result = result
    }
}
