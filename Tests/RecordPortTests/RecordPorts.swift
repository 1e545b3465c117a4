import Care
import MemoryRecords
import Service
import SQLiteRecords
import Synchronization
import TestSupport
import Testing

/// One implementation of the record ports, fresh for a test, with a synchronous way to write:
/// `record` submits, makes the write commit (the memory store commits when told; the SQLite
/// writer on its own thread) and returns the answer.
final class RecordPorts {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, memory
        var testDescription: String { rawValue }
    }

    let kind: Kind
    let store: any RecordStore
    let reader: any RecordReader
    private let directory = TemporaryDirectory()

    init(_ kind: Kind) throws {
        self.kind = kind
        store = switch kind {
        case .sqlite: try SQLiteRecordStore(path: directory.databasePath)
        case .memory: MemoryRecordStore()
        }
        reader = try store.makeReader()
    }

    deinit {
        reader.close()
        store.stop()
    }

    /// Submits every write, then waits for all their answers (one transaction, where it groups).
    func record(_ writes: [RecordWrite]) -> [Result<RecordOutcome, RecordError>] {
        let answers = Mutex<[Int: Result<RecordOutcome, RecordError>]>([:])
        let done = Semaphore()
        var accepted = 0
        for (index, write) in writes.enumerated() {
            let submitted = store.submit(write) { result in
                answers.withLock { $0[index] = result }
                done.signal()
            }
            if submitted == .accepted { accepted += 1 } else { answers.withLock { $0[index] = .failure(.failed("\(submitted)")) } }
        }
        (store as? MemoryRecordStore)?.commit()
        for _ in 0..<accepted { _ = done.wait() }
        return answers.withLock { answers in writes.indices.map { answers[$0] ?? .failure(.failed("no answer")) } }
    }

    func record(_ write: RecordWrite) -> Result<RecordOutcome, RecordError> { record([write])[0] }

    func append(_ appends: VisitAppend...) -> [Result<RecordOutcome, RecordError>] { record(appends.map { .append($0) }) }

    /// Records the script's visit created, accepted and started (seqs 1 to 4).
    func recordStarted(_ script: inout VisitScript) throws {
        _ = append(script.first)
        _ = record(try script.start().map { .append($0) })
    }
}
