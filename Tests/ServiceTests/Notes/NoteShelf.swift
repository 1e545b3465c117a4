import Care
@testable import Service
import Synchronization

/// The note's record ports in memory, shaped like `MemoryRecordStore`: appends wait for
/// `commit()`, which stores them (checking seqs and client ids, as the store does) or fails the
/// whole transaction, then answers each in submit order.
final class NoteShelf: CommitPort, Sendable {
    struct Append: Sendable {
        var note: Note.ID
        var lines: [Note.Line]
    }

    private struct State {
        var logs: [Note.ID: [Note.Line]] = [:]
        var queued: [(Append, RecordWriter.Completion)] = []
    }

    private let state = Mutex(State())
    private let queueLimit: Int

    init(queueLimit: Int = 100) { self.queueLimit = queueLimit }

    func submit(_ append: Append, completion: @escaping RecordWriter.Completion) -> Submission {
        state.withLock { state in
            guard state.queued.count < queueLimit else { return .busy }
            state.queued.append((append, completion))
            return .accepted
        }
    }

    var queued: Int { state.withLock { $0.queued.count } }

    @discardableResult
    func commit(failing: Bool = false) -> Int {
        let answered = state.withLock { state in
            let batch = state.queued
            state.queued = []
            return batch.map { append, completion in
                (completion, failing ? .failure(.failed("the transaction failed")) : Self.store(append, in: &state.logs))
            }
        }
        for (completion, result) in answered { completion(result) }
        return answered.count
    }

    private static func store(_ append: Append, in logs: inout [Note.ID: [Note.Line]]) -> Result<RecordOutcome, RecordError> {
        let log = logs[append.note] ?? []
        let id = VisitID(append.note.rawValue)  // RecordOutcome names its key as a visit's
        for line in append.lines {
            if let clientID = line.clientID, let original = log.first(where: { $0.clientID == clientID }) {
                return .success(.duplicate(id, originalSeq: original.seq))
            }
        }
        guard let first = append.lines.first, let last = append.lines.last else { return .failure(.invalid("empty")) }
        guard first.seq == UInt64(log.count) + 1 else {
            return .failure(.sequenceGap(id, expected: UInt64(log.count) + 1, got: first.seq))
        }
        logs[append.note] = log + append.lines
        return .success(.appended(id, seqs: first.seq...last.seq))
    }

    func lines(of note: Note.ID, after seq: UInt64, limit: Int) -> [Note.Line] {
        state.withLock { Array(($0.logs[note] ?? []).filter { $0.seq > seq }.prefix(limit)) }
    }
}
