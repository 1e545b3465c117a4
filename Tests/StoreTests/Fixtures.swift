#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization
@testable import Store

/// Values for tests: a chat message event and a visit's projection row.
enum Fixture {
    static func message(_ visit: String, _ seq: Int64, clientID: String? = nil, actor: String = "patient-1") -> StoredEvent {
        StoredEvent(visitID: visit, seq: seq, atMilliseconds: 1_700_000_000_000 + seq, actor: actor, kind: "message",
                   clientID: clientID, payload: Array(#"{"text":"hej \#(seq)"}"#.utf8))
    }

    static func projection(_ visit: String, state: String = "queued", patient: String = "patient-1") -> VisitProjection {
        VisitProjection(visitID: visit, patientID: patient, unitID: "unit-vc", role: "nurse", state: state,
                        snapshot: Array(#"{"state":"\#(state)"}"#.utf8), updatedMilliseconds: 1_700_000_000_000)
    }

    /// The first append of a visit carries its projection row.
    static func append(_ visit: String, _ seq: Int64, clientID: String? = nil, actor: String = "patient-1") -> WriteRequest {
        .append(EventAppend(message(visit, seq, clientID: clientID, actor: actor), projection: seq == 1 ? projection(visit) : nil))
    }
}

/// Results of completions, collected across threads, with a polling wait.
final class Collected<Value: Sendable>: Sendable {
    let values = Mutex<[Value]>([])

    func add(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }

    /// Waits until `count` values arrived (or ~20 s passed); returns them.
    @discardableResult
    func wait(for count: Int) -> [Value] {
        for _ in 0..<20_000 {
            let current = all
            if current.count >= count { return current }
            usleep(1_000)
        }
        return all
    }
}

/// A latch that a completion can block on, to hold the writer thread still while a test lines
/// up a batch or fills the queue.
final class Gate: Sendable {
    private let state = Mutex((entered: false, open: false))

    func block() {
        state.withLock { $0.entered = true }
        while !state.withLock({ $0.open }) { usleep(200) }
    }

    func waitUntilEntered() { while !state.withLock({ $0.entered }) { usleep(200) } }
    func open() { state.withLock { $0.open = true } }
}

extension StoreWriter {
    /// Submits and waits for the committed result (tests only; never on a loop thread).
    func write(_ request: WriteRequest) -> Result<WriteOutcome, StoreError> {
        let results = Collected<Result<WriteOutcome, StoreError>>()
        let accepted = submit(request) { results.add($0) }
        precondition(accepted == .accepted, "submit: \(accepted)")
        return results.wait(for: 1)[0]
    }

    /// Holds the writer thread inside a completion until the gate opens.
    func hold(_ gate: Gate, visit: String = "hold") {
        submit(.audit([AuditRecord(atMilliseconds: 0, actor: "test", actorKind: "system", action: "hold \(visit)")])) { _ in
            gate.block()
        }
        gate.waitUntilEntered()
    }
}
