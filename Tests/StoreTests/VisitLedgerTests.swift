import Posix
import TestSupport
import Synchronization
import Testing
@testable import Store

/// Idempotency and the gap check live in the writer's memory (`VisitLedger`); these are the
/// ways that memory could go wrong: eviction, batches, failed commits, a second process.
@Suite struct VisitLedgerTests {
    typealias Outcome = Result<WriteOutcome, StoreError>

    @Test func aSecondWriterOfTheSameFileIsRefusedUntilTheFirstStops() throws {
        let directory = TemporaryDirectory()
        let first = try StoreWriter(configuration: .init(path: directory.databasePath))
        let lock = StoreWriter.lockPath(of: directory.databasePath)
        var impatient = StoreWriter.Configuration(path: directory.databasePath)
        impatient.lockWaitMilliseconds = 50
        #expect(throws: StoreError.heldByAnotherWriter(lockPath: lock)) {
            try StoreWriter(configuration: impatient)
        }
        #expect(first.write(Fixture.append("v1", 1, clientID: "m-1")) == .success(.appended(visitID: "v1", seqs: 1...1)))
        first.stop()
        let second = try StoreWriter(configuration: .init(path: directory.databasePath))
        defer { second.stop() }
        #expect(second.write(Fixture.append("v1", 2, clientID: "m-1")) == .success(.duplicate(visitID: "v1", originalSeq: 1)))
    }

    /// A writer that starts while the previous one is still stopping waits for its lock.
    @Test func aSecondWriterWaitsForTheLockWhileTheFirstStops() throws {
        let directory = TemporaryDirectory()
        let first = try StoreWriter(configuration: .init(path: directory.databasePath))
        var waiting = StoreWriter.Configuration(path: directory.databasePath)
        waiting.lockWaitMilliseconds = 30_000
        let patient = waiting
        let opened = Mutex<Result<StoreWriter, StoreError>?>(nil)
        let waiter = Thread(name: "second-writer") {
            let result = Result { () throws(StoreError) in try StoreWriter(configuration: patient) }
            opened.withLock { $0 = result }
        }
        first.stop()
        waiter.join()
        let second = try #require(try opened.withLock { $0 }?.get())
        second.stop()
    }

    @Test func evictedVisitsAreReadAgainWithTheirClientIDsAndLastSeq() throws {
        let directory = TemporaryDirectory()
        var configuration = StoreWriter.Configuration(path: directory.databasePath)
        configuration.ledgerCapacity = 3
        let writer = try StoreWriter(configuration: configuration)
        defer { writer.stop() }
        // Three visits of three messages each: at most one visit's ids fit, the others are dropped.
        for seq in Int64(1)...3 {
            for visit in ["v1", "v2", "v3"] {
                #expect(writer.write(Fixture.append(visit, seq, clientID: "m\(seq)")) == .success(.appended(visitID: visit, seqs: seq...seq)))
            }
        }
        for visit in ["v1", "v2", "v3"] {
            #expect(writer.write(Fixture.append(visit, 4, clientID: "m2")) == .success(.duplicate(visitID: visit, originalSeq: 2)))
            #expect(writer.write(Fixture.append(visit, 3, clientID: "m4")) == .failure(.sequenceGap(visitID: visit, expected: 4, got: 3)))
            #expect(writer.write(Fixture.append(visit, 4, clientID: "m4")) == .success(.appended(visitID: visit, seqs: 4...4)))
        }
    }

    @Test func aResendInTheSameTransactionAsItsOriginalIsADuplicate() throws {
        let directory = TemporaryDirectory()
        let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        defer { writer.stop() }
        let gate = Gate()
        writer.hold(gate)
        let results = Collected<Outcome>()
        writer.submit(Fixture.append("v1", 1, clientID: "m-1")) { results.add($0) }
        writer.submit(Fixture.append("v1", 2, clientID: "m-1")) { results.add($0) }
        writer.submit(Fixture.append("v1", 2, clientID: "m-2")) { results.add($0) }
        gate.open()
        #expect(results.wait(for: 3) == [
            .success(.appended(visitID: "v1", seqs: 1...1)),
            .success(.duplicate(visitID: "v1", originalSeq: 1)),
            .success(.appended(visitID: "v1", seqs: 2...2)),
        ])
    }

    @Test func aClientIDTwiceInOneAppendIsRefused() throws {
        let directory = TemporaryDirectory()
        let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        defer { writer.stop() }
        let events = [Fixture.message("v1", 1, clientID: "m-1"), Fixture.message("v1", 2, clientID: "m-1")]
        let request = WriteRequest.append(EventAppend(visitID: "v1", events: events, projection: Fixture.projection("v1")))
        #expect(writer.write(request) == .failure(.invalidRequest("client id m-1 twice in one append")))
    }

    @Test func aVetoedCommitLeavesNeitherClientIDsNorSeqsBehind() throws {
        let directory = TemporaryDirectory()
        let veto = Mutex(false)
        var configuration = StoreWriter.Configuration(path: directory.databasePath)
        configuration.commitVeto = { veto.withLock { $0 } }
        let writer = try StoreWriter(configuration: configuration)
        defer { writer.stop() }
        #expect(writer.write(Fixture.append("v1", 1, clientID: "m-1")) == .success(.appended(visitID: "v1", seqs: 1...1)))
        veto.withLock { $0 = true }
        guard case .failure = writer.write(Fixture.append("v1", 2, clientID: "m-2")) else {
            Issue.record("a vetoed commit was acked")
            return
        }
        veto.withLock { $0 = false }
        // The rolled-back m-2 is not a duplicate, and seq 2 is still the next one.
        #expect(writer.write(Fixture.append("v1", 2, clientID: "m-2")) == .success(.appended(visitID: "v1", seqs: 2...2)))
        #expect(writer.write(Fixture.append("v1", 3, clientID: "m-1")) == .success(.duplicate(visitID: "v1", originalSeq: 1)))
    }

    @Test func aMessageWritesNoPageOfTheVisitRow() throws {
        let directory = TemporaryDirectory()
        let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        defer { writer.stop() }
        #expect(writer.write(Fixture.append("v1", 1)) == .success(.appended(visitID: "v1", seqs: 1...1)))
        #expect(writer.write(Fixture.append("v1", 2)) == .success(.appended(visitID: "v1", seqs: 2...2)))
        let reader = try StoreReader(path: directory.databasePath)
        #expect(try reader.visit("v1")?.lastSeq == 1)
        #expect(try reader.lastSeq(visitID: "v1") == 2)
        // Without a row the visit does not exist, whatever the ledger was asked before.
        #expect(writer.write(Fixture.append("v9", 2)) == .failure(.unknownVisit("v9")))
        #expect(writer.write(.append(EventAppend(Fixture.message("v9", 1)))) == .failure(.unknownVisit("v9")))
    }

    @Test func trimDropsTheVisitsUsedLongestAgo() throws {
        let ledger = VisitLedger(capacity: 10)
        for (index, visit) in ["a", "b", "c"].enumerated() {
            _ = try ledger.entry(visit) { () throws(StoreError) in VisitWindow(lastSeq: 0, size: VisitLedger.window) }
            ledger.appended(visit, lastSeq: 4, clientIDs: (0..<4).map { (UInt64(index * 10 + $0), Int64($0 + 1)) })
        }
        _ = try ledger.entry("a") { () throws(StoreError) in nil }  // a is used again: b is now the oldest
        #expect(ledger.count == 12)
        ledger.trim()
        #expect(ledger.count == 8)
        var reloaded: [String] = []
        for visit in ["a", "b", "c"] {
            _ = try ledger.entry(visit) { () throws(StoreError) in reloaded.append(visit); return nil }
        }
        #expect(reloaded == ["b"])
    }

    /// The idempotency window of docs/protocol.md, over a writer that starts with an empty
    /// ledger (as after a restart) and one that has the visit in memory.
    @Test(arguments: [false, true]) func aResendIsRecognisedWithinTheWindowAndNotBeyond(restart: Bool) throws {
        let directory = TemporaryDirectory()
        var writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        let window = Int64(VisitLedger.window)
        for seq in 1...(window + 1) {
            #expect(writer.write(Fixture.append("v1", seq, clientID: "m\(seq)")) == .success(.appended(visitID: "v1", seqs: seq...seq)))
        }
        if restart {
            writer.stop()
            writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        }
        defer { writer.stop() }
        // m2 has `window - 1` client ids after it: still inside; m1 has `window`: outside.
        #expect(writer.write(Fixture.append("v1", window + 2, clientID: "m2")) == .success(.duplicate(visitID: "v1", originalSeq: 2)))
        #expect(writer.write(Fixture.append("v1", window + 2, clientID: "m1"))
                    == .success(.appended(visitID: "v1", seqs: (window + 2)...(window + 2))))
        #expect(writer.write(Fixture.append("v1", window + 3, clientID: "m1"))
                    == .success(.duplicate(visitID: "v1", originalSeq: window + 2)))
    }

    /// However long a visit, the writer holds at most `window` of its client ids.
    @Test func aLongVisitHoldsOnlyItsWindowInMemory() throws {
        let ledger = VisitLedger(capacity: 1_000_000)
        let window = VisitLedger.window
        for seq in 1...(10 * window) {
            _ = try ledger.entry("v1") { () throws(StoreError) in VisitWindow(lastSeq: 0, size: window) }
            ledger.appended("v1", lastSeq: Int64(seq), clientIDs: [(UInt64(seq), Int64(seq))])
        }
        #expect(ledger.count == window)
        let entry = try #require(try ledger.entry("v1") { () throws(StoreError) in nil })
        #expect(entry.oldestSeq == Int64(9 * window + 1))
        #expect(!entry.contains(UInt64(9 * window)) && entry.contains(UInt64(9 * window + 1)) && entry.contains(UInt64(10 * window)))
    }

    /// Two ids of one window with the same fingerprint: the older leaving keeps the newer found.
    @Test func aCollidingFingerprintStaysWhileOneOfItsIDsIsInTheWindow() {
        let entry = VisitWindow(lastSeq: 0, size: 3)
        entry.remember(7, seq: 1)
        entry.remember(8, seq: 2)
        entry.remember(7, seq: 3)
        entry.remember(9, seq: 4)  // seq 1 leaves; seq 3 still carries fingerprint 7
        #expect(entry.contains(7) && entry.contains(8) && entry.contains(9) && entry.count == 3 && entry.oldestSeq == 2)
        entry.remember(10, seq: 5)  // seq 2 leaves
        entry.remember(11, seq: 6)  // seq 3 leaves, and with it fingerprint 7
        #expect(!entry.contains(7) && !entry.contains(8) && entry.oldestSeq == 4)
    }
}
