#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TestSupport
import Synchronization
import Testing
@testable import Store

@Suite struct StoreWriterTests {
    typealias Outcome = Result<WriteOutcome, StoreError>

    @Test func appendsReadBackInOrderWithTheirColumnsAndProjection() throws {
        let directory = TemporaryDirectory()
        let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        defer { writer.stop() }
        let events = (1...3).map { Fixture.message("v1", $0, clientID: "c\($0)") }
        let projection = Fixture.projection("v1", state: "ongoing")
        #expect(writer.write(.append(EventAppend(visitID: "v1", events: events, projection: projection)))
            == .success(.appended(visitID: "v1", seqs: 1...3)))
        #expect(writer.write(Fixture.append("v1", 4)) == .success(.appended(visitID: "v1", seqs: 4...4)))
        let reader = try StoreReader(path: directory.databasePath)
        let stored = try reader.events(visitID: "v1", after: 0)
        #expect(stored.map(\.seq) == [1, 2, 3, 4])
        #expect(Array(stored.prefix(3)) == events)
        #expect(try reader.events(visitID: "v1", after: 2).map(\.seq) == [3, 4])
        #expect(try reader.lastSeq(visitID: "v1") == 4)
        var expected = projection
        expected.lastSeq = 3  // the row is the snapshot's: a message without a row leaves it alone
        #expect(try reader.visit("v1") == expected)
    }

    @Test func aGapFailsOnlyItsOwnRequestInTheBatch() throws {
        let directory = TemporaryDirectory()
        let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        defer { writer.stop() }
        let gate = Gate()
        writer.hold(gate)
        let results = Collected<(Int, Outcome)>()
        let requests = [Fixture.append("v1", 1), Fixture.append("v1", 3), Fixture.append("v1", 2), Fixture.append("v2", 2),
                        .append(EventAppend(visitID: "v3", events: [])), Fixture.append("v4", 2).withoutProjection]
        for (index, request) in requests.enumerated() { writer.submit(request) { results.add((index, $0)) } }
        let commitsBefore = writer.statistics.commits
        gate.open()
        let outcomes = results.wait(for: requests.count).sorted { $0.0 < $1.0 }.map(\.1)
        #expect(outcomes == [
            .success(.appended(visitID: "v1", seqs: 1...1)),
            .failure(.sequenceGap(visitID: "v1", expected: 2, got: 3)),
            .success(.appended(visitID: "v1", seqs: 2...2)),
            .failure(.unknownVisit("v2")),  // an append without the row of a visit never stored
            .failure(.invalidRequest("no events")),
            .failure(.unknownVisit("v4")),
        ])
        #expect(writer.statistics.commits == commitsBefore + 1)  // one transaction for the six
        let reader = try StoreReader(path: directory.databasePath)
        #expect(try reader.events(visitID: "v1", after: 0).map(\.seq) == [1, 2])
        #expect(try reader.visit("v2") == nil)
        #expect(writer.write(Fixture.append("v5", 1).withoutProjection) == .failure(.unknownVisit("v5")))
    }

    @Test func aResentClientIDReturnsTheOriginalSeqAndStoresOneRow() throws {
        let directory = TemporaryDirectory()
        let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        defer { writer.stop() }
        #expect(writer.write(Fixture.append("v1", 1, clientID: "m-1")) == .success(.appended(visitID: "v1", seqs: 1...1)))
        #expect(writer.write(Fixture.append("v1", 2, clientID: "m-2")) == .success(.appended(visitID: "v1", seqs: 2...2)))
        // The owner assigned a new seq to the resend; the store answers with the original one.
        #expect(writer.write(Fixture.append("v1", 3, clientID: "m-1")) == .success(.duplicate(visitID: "v1", originalSeq: 1)))
        // A stale seq on a resend is not a gap: the duplicate check comes first.
        #expect(writer.write(Fixture.append("v1", 2, clientID: "m-2")) == .success(.duplicate(visitID: "v1", originalSeq: 2)))
        // Client ids are per actor: the clinician's "m-1" is another message.
        #expect(writer.write(Fixture.append("v1", 3, clientID: "m-1", actor: "nurse-1"))
            == .success(.appended(visitID: "v1", seqs: 3...3)))
        let reader = try StoreReader(path: directory.databasePath)
        let stored = try reader.events(visitID: "v1", after: 0)
        #expect(stored.map(\.seq) == [1, 2, 3])
        #expect(stored.map(\.clientID) == ["m-1", "m-2", "m-1"])
    }

    @Test func readReceiptsNeverMoveBackwards() throws {
        let directory = TemporaryDirectory()
        let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        defer { writer.stop() }
        let events = (1...5).map { Fixture.message("v1", $0) }
        _ = writer.write(.append(EventAppend(visitID: "v1", events: events, projection: Fixture.projection("v1"))))
        func receipt(_ participant: String, _ seq: Int64) -> Outcome {
            writer.write(.readReceipt(ReadReceipt(visitID: "v1", participant: participant, upToSeq: seq, atMilliseconds: seq)))
        }
        #expect(receipt("nurse-1", 3) == .success(.receipt(upToSeq: 3)))
        #expect(receipt("nurse-1", 2) == .success(.receipt(upToSeq: 3)))
        #expect(receipt("patient-1", 1) == .success(.receipt(upToSeq: 1)))
        #expect(receipt("nurse-1", 5) == .success(.receipt(upToSeq: 5)))
        #expect(receipt("nurse-1", 4) == .success(.receipt(upToSeq: 5)))
        #expect(receipt("nurse-1", 6) == .failure(.invalidRequest("read receipt up to 6, visit v1 ends at 5")))
        #expect(writer.write(.readReceipt(ReadReceipt(visitID: "nope", participant: "x", upToSeq: 1, atMilliseconds: 0)))
            == .failure(.unknownVisit("nope")))
        let reader = try StoreReader(path: directory.databasePath)
        #expect(try reader.readReceipts(visitID: "v1") == [
            ReadReceipt(visitID: "v1", participant: "nurse-1", upToSeq: 5, atMilliseconds: 5),
            ReadReceipt(visitID: "v1", participant: "patient-1", upToSeq: 1, atMilliseconds: 1),
        ])
    }

    @Test func historyPagesBackwards() throws {
        let directory = TemporaryDirectory()
        let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        defer { writer.stop() }
        let events = (1...25).map { Fixture.message("v1", $0) }
        _ = writer.write(.append(EventAppend(visitID: "v1", events: events, projection: Fixture.projection("v1"))))
        let reader = try StoreReader(path: directory.databasePath)
        #expect(try reader.events(visitID: "v1", before: .max, limit: 10).map(\.seq) == Array(16...25))
        #expect(try reader.events(visitID: "v1", before: 16, limit: 10).map(\.seq) == Array(6...15))
        #expect(try reader.events(visitID: "v1", before: 6, limit: 10).map(\.seq) == Array(1...5))
        #expect(try reader.events(visitID: "v1", before: 1, limit: 10).isEmpty)
        #expect(try reader.events(visitID: "v1", after: 20, limit: 3).map(\.seq) == [21, 22, 23])
    }

    @Test func completionsRunOnlyOnceTheDataIsVisibleToAnotherConnection() throws {
        let directory = TemporaryDirectory()
        let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        defer { writer.stop() }
        let path = directory.databasePath
        let seen = Collected<Bool>()
        for seq in Int64(1)...200 {
            let accepted = writer.submit(Fixture.append("v1", seq)) { result in
                // A second connection, opened on the writer thread inside the completion.
                let reader = try? StoreReader(path: path)
                let last = (try? reader?.lastSeq(visitID: "v1")) ?? nil
                seen.add(result == .success(.appended(visitID: "v1", seqs: seq...seq)) && (last ?? 0) >= seq)
            }
            #expect(accepted == .accepted)
        }
        let all = seen.wait(for: 200)
        #expect(all.count == 200 && all.allSatisfy { $0 })
    }

    @Test func aFailedCommitFailsEveryRequestOfTheBatchAndStoresNone() throws {
        let directory = TemporaryDirectory()
        let veto = Mutex(false)
        var configuration = StoreWriter.Configuration(path: directory.databasePath)
        configuration.commitVeto = { veto.withLock { $0 } }
        let writer = try StoreWriter(configuration: configuration)
        defer { writer.stop() }
        let gate = Gate()
        writer.hold(gate)
        let results = Collected<Outcome>()
        for seq in Int64(1)...3 { writer.submit(Fixture.append("v1", seq)) { results.add($0) } }
        writer.submit(.audit([AuditRecord(atMilliseconds: 1, actor: "a", actorKind: "staff", action: "x")])) { results.add($0) }
        veto.withLock { $0 = true }
        gate.open()
        let failed = results.wait(for: 4)
        #expect(failed.count == 4)
        for result in failed {
            guard case .failure(.database(let error)) = result else { Issue.record("acked: \(result)"); continue }
            #expect(error.isConstraintViolation)  // SQLITE_CONSTRAINT_COMMITHOOK
        }
        #expect(writer.statistics.failedCommits == 1)
        let reader = try StoreReader(path: directory.databasePath)
        #expect(try reader.lastSeq(visitID: "v1") == 0)
        veto.withLock { $0 = false }
        #expect(writer.write(Fixture.append("v1", 1)) == .success(.appended(visitID: "v1", seqs: 1...1)))
    }

    @Test func aFullQueueAnswersBusyInsteadOfGrowing() throws {
        let directory = TemporaryDirectory()
        var configuration = StoreWriter.Configuration(path: directory.databasePath)
        configuration.queueLimit = 4
        let writer = try StoreWriter(configuration: configuration)
        let gate = Gate()
        writer.hold(gate)
        let results = Collected<Outcome>()
        let submitted = (Int64(1)...6).map { writer.submit(Fixture.append("v1", $0)) { results.add($0) } }
        #expect(submitted == [.accepted, .accepted, .accepted, .accepted, .busy, .busy])
        #expect(writer.queued == 4)
        #expect(writer.statistics.busyRejections == 2)
        gate.open()
        #expect(results.wait(for: 4).count == 4)
        writer.stop()
        #expect(results.all.count == 4)  // refused requests never complete
        #expect(writer.submit(Fixture.append("v1", 5)) { _ in Issue.record("ran after stop") } == .stopped)
    }

    @Test func stopCommitsEverythingQueuedAndTheDataSurvivesAReopen() throws {
        let directory = TemporaryDirectory()
        let results = Collected<Outcome>()
        do {
            let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
            for seq in Int64(1)...300 { writer.submit(Fixture.append("v1", seq, clientID: "m\(seq)")) { results.add($0) } }
            writer.stop()
            writer.stop()  // idempotent
        }
        #expect(results.all.count == 300)  // stop() returned after every completion ran
        let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        defer { writer.stop() }
        #expect(writer.write(Fixture.append("v1", 301)) == .success(.appended(visitID: "v1", seqs: 301...301)))
        #expect(writer.write(Fixture.append("v1", 302, clientID: "m250")) == .success(.duplicate(visitID: "v1", originalSeq: 250)))
        let reader = try StoreReader(path: directory.databasePath)
        #expect(try reader.events(visitID: "v1", after: 0, limit: 1_000).map(\.seq) == Array(1...301))
    }
}

extension WriteRequest {
    /// The same append without its projection row.
    var withoutProjection: WriteRequest {
        guard case .append(var append) = self else { return self }
        append.projection = nil
        return .append(append)
    }
}
