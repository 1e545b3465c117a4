#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TestSupport
import Posix
import Synchronization
import Testing
@testable import Store

@Suite struct GroupCommitTests {
    /// Like loops owning visits: each thread owns its visits, assigns their seqs and submits
    /// without waiting for acks (retrying only on `.busy`). The writer is held until the queue
    /// is full, so the first transaction after it is a whole `maxBatch` on any machine: that is
    /// the batching this checks. How few commits the rest took depends on the machine and its
    /// load, so that figure is recorded (.build/reports/group-commit.txt), not asserted.
    @Test func tenThousandAppendsFromFourThreadsCompleteOnceInOrderInBatches() throws {
        let directory = TemporaryDirectory()
        var configuration = StoreWriter.Configuration(path: directory.databasePath)
        configuration.queueLimit = 2_000  // small enough that the submitters meet `.busy`
        let writer = try StoreWriter(configuration: configuration)
        let gate = Gate()
        writer.hold(gate)  // one audit request, held in its completion
        let threads = 4, visitsPerThread = 5, perVisit: Int64 = 500
        let total = threads * visitsPerThread * Int(perVisit)
        let acks = Collected<(visit: String, seq: Int64, ok: Bool)>()
        let started = ProcessResources.monotonicNanoseconds()
        let submitters = (0..<threads).map { t in
            Posix.Thread(name: "submit-\(t)") {
                for seq in Int64(1)...perVisit {
                    for v in 0..<visitsPerThread {
                        let visit = "t\(t)-v\(v)"
                        let request = Fixture.append(visit, seq, clientID: "c\(seq)")
                        while writer.submit(request, completion: { result in
                            acks.add((visit, seq, result == .success(.appended(visitID: visit, seqs: seq...seq))))
                        }) == .busy {
                            usleep(200)
                        }
                    }
                }
            }
        }
        let filled = waitUntil { writer.queued >= configuration.queueLimit }
        #expect(filled, "the queue never filled while the writer was held (\(writer.queued) queued)")
        gate.open()
        submitters.forEach { $0.join() }
        let all = acks.wait(for: total)
        let seconds = Double(ProcessResources.monotonicNanoseconds() - started) / 1e9
        writer.stop()

        #expect(all.count == total)
        #expect(all.allSatisfy { $0.ok })
        var perVisitAcks: [String: [Int64]] = [:]
        for ack in all { perVisitAcks[ack.visit, default: []].append(ack.seq) }
        #expect(perVisitAcks.count == threads * visitsPerThread)
        #expect(perVisitAcks.values.allSatisfy { $0 == Array(1...perVisit) })  // once each, in order

        let stats = writer.statistics
        let commits = stats.commits - 1  // without the held audit record's
        Measurements.record("group-commit", "group commit: \(total) appends in \(commits) commits (\(total / max(1, commits)) per commit, largest \(stats.largestBatch)), \(Int(Double(total) / seconds)) appends/s, \(stats.busyRejections) busy")
        #expect(stats.committedRequests == total + 1)  // and the held audit record
        #expect(stats.largestBatch == configuration.maxBatch)
        let reader = try StoreReader(path: directory.databasePath)
        for visit in perVisitAcks.keys {
            #expect(try reader.events(visitID: visit, after: 0, limit: 1_000).map(\.seq) == Array(1...perVisit))
        }
    }

    @Test func auditRecordsAreBatchedThroughTheWriterAndReadBackPerPatient() throws {
        let directory = TemporaryDirectory()
        let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        defer { writer.stop() }
        let opened = AuditRecord(atMilliseconds: 10, actor: "nurse-1", actorKind: "staff", actorUnit: "unit-vc",
                                 patientID: "patient-1", visitID: "v1", action: "visit.open")
        let subscribed = AuditRecord(atMilliseconds: 11, actor: "nurse-1", actorKind: "staff", actorUnit: "unit-vc",
                                     patientID: "patient-1", visitID: "v1", action: "visit.subscribe", detail: "loop 0")
        let other = AuditRecord(atMilliseconds: 12, actor: "patient-2", actorKind: "patient", patientID: "patient-2",
                                action: "visit.history")
        #expect(writer.write(.audit([opened, subscribed, other])) == .success(.audited(ids: [1, 2, 3])))
        #expect(writer.write(.audit([])) == .success(.audited(ids: [])))
        let reader = try StoreReader(path: directory.databasePath)
        var expected = [opened, subscribed]
        expected[0].id = 1
        expected[1].id = 2
        #expect(try reader.auditRecords(patientID: "patient-1") == expected)
        #expect(try reader.auditRecords(patientID: "patient-1", afterID: 1).map(\.id) == [2])
    }

    @Test func notificationsAreQueuedRetriedAndMarkedSentNeverDeleted() throws {
        let directory = TemporaryDirectory()
        let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        defer { writer.stop() }
        let sms = OutboxNotification(createdMilliseconds: 5, recipient: "patient-1", channel: "sms",
                                     template: "care.accepted", payload: Array(#"{"unit":"VC"}"#.utf8))
        #expect(writer.write(.enqueueNotification(sms)) == .success(.notificationQueued(id: 1)))
        #expect(writer.write(.enqueueNotification(sms)) == .success(.notificationQueued(id: 2)))
        #expect(writer.write(.recordNotificationFailure(id: 1, error: "timeout")) == .success(.notificationUpdated(id: 1)))
        #expect(writer.write(.markNotificationSent(id: 1, atMilliseconds: 9)) == .success(.notificationUpdated(id: 1)))
        #expect(writer.write(.markNotificationSent(id: 1, atMilliseconds: 10)) == .success(.notificationUpdated(id: 1)))
        #expect(writer.write(.markNotificationSent(id: 7, atMilliseconds: 9)) == .failure(.unknownNotification(7)))
        let reader = try StoreReader(path: directory.databasePath)
        #expect(try reader.pendingNotifications().map(\.id) == [2])
        var sent = sms
        sent.id = 1
        sent.sentMilliseconds = 9  // the second mark did not move it
        sent.attempts = 2
        sent.lastError = "timeout"
        #expect(try reader.notification(id: 1) == sent)
    }

    @Test func anAppendQueuesItsNotificationsAtomicallyAndADuplicateQueuesNone() throws {
        let directory = TemporaryDirectory()
        let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        defer { writer.stop() }
        let sms = OutboxNotification(createdMilliseconds: 5, recipient: "patient-1", channel: "sms",
                                     template: "visit.accepted", payload: Array(#"{"visit":"v1"}"#.utf8))
        func append(_ seq: Int64, clientID: String?) -> WriteRequest {
            .append(EventAppend(visitID: "v1", events: [Fixture.message("v1", seq, clientID: clientID)],
                                projection: Fixture.projection("v1"), notifications: [sms]))
        }
        #expect(writer.write(append(1, clientID: "m-1")) == .success(.appended(visitID: "v1", seqs: 1...1)))
        #expect(writer.write(append(2, clientID: "m-1")) == .success(.duplicate(visitID: "v1", originalSeq: 1)))
        #expect(writer.write(append(5, clientID: nil)) == .failure(.sequenceGap(visitID: "v1", expected: 2, got: 5)))
        let reader = try StoreReader(path: directory.databasePath)
        #expect(try reader.pendingNotifications().map(\.template) == ["visit.accepted"])
    }

    @Test func startUpRecoveryReadsOnlyOpenVisits() throws {
        let directory = TemporaryDirectory()
        let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        defer { writer.stop() }
        for (visit, state) in [("v1", "queued"), ("v2", VisitProjection.closedState), ("v3", "async")] {
            let request = WriteRequest.append(EventAppend(Fixture.message(visit, 1), projection: Fixture.projection(visit, state: state)))
            #expect(writer.write(request) == .success(.appended(visitID: visit, seqs: 1...1)))
        }
        let reader = try StoreReader(path: directory.databasePath)
        #expect(try reader.openVisits().map(\.visitID) == ["v1", "v3"])
        #expect(try reader.openVisits().map(\.lastSeq) == [1, 1])
    }
}
