import Testing
@testable import LoadGenerator

/// Scaled-down carewire scenarios against the real server (`serve --demo` with a fresh store):
/// nothing lost, missed, duplicated or misrouted, seq gap-free, no error events. No latency
/// assertions: this machine is shared, latency is `make bench`'s job.
@Suite(.serialized) struct CareSmokeTests {
    func run(_ arguments: [String]) throws -> CareResult {
        let directory = "/tmp/carewire-load-smoke-\(getpid())-\(arguments[0])"
        mkdir(directory, 0o700)
        defer { for suffix in ["", "-wal", "-shm", "-writer.lock"] { unlink("\(directory)/care.db\(suffix)") }; rmdir(directory) }
        let server = try ServerChild(arguments: [
            "serve", "--port", "0", "--loops", "2", "--no-deflate", "--demo", "--database", "\(directory)/care.db",
            // One load patient creates visits for many (the queue scenario: 5 a second each).
            "--open-visits-per-patient", "10000", "--visits-per-patient-per-hour", "1000000",
        ])
        defer { server.stop() }
        var config = try LoadConfiguration.parse(arguments + ["--url", "ws://127.0.0.1:\(server.port)", "--quiet"])
        config.drain = 10
        return try CareRun(config: config, progress: { _ in }).execute()
    }

    func expectClean(_ result: CareResult) {
        let s = result.stats
        #expect(s.incomplete == nil, "\(result.summary)")
        #expect(s.connected == UInt64(result.connections) && s.connectFailures == 0)
        #expect(s.lost == 0 && s.secondLost == 0, "\(result.summary)")
        #expect(s.missed == 0 && s.duplicates == 0 && s.wrongVisit == 0, "\(result.summary)")
        #expect(s.errorEvents == 0 && s.errors == 0, "\(s.errorCodes) \(s.errorSamples)")
        #expect(result.isClean)
    }

    /// Every load thread did its share: connected its seats, sent, and received.
    func expectSpread(_ result: CareResult, threads: Int) {
        #expect(result.perThread.count == threads)
        for share in result.perThread {
            #expect(share.connected > 0 && share.sent > 0 && share.delivered > 0, "\(result.perThread.map { ($0.connected, $0.sent, $0.delivered) })")
        }
        #expect(result.perThread.reduce(0) { $0 + $1.delivered } == result.stats.delivered)
        #expect(result.summary.contains("\(threads) load thread(s)"))
    }

    @Test func clinic() throws {
        let result = try run(["clinic", "--protocol", "carewire", "--connections", "200", "--rate", "500", "--warmup", "1", "--duration", "4"])
        expectClean(result)
        #expect(result.stats.sent > 0 && result.stats.acked == result.stats.sent && result.stats.expected == result.stats.sent * 3)
        #expect(result.stats.latency.count == result.stats.measuredDelivered && result.stats.second.count > 0)
    }

    @Test func clinicOnTwoThreads() throws {
        let result = try run(["clinic", "--protocol", "carewire", "--connections", "200", "--rate", "500", "--warmup", "1", "--duration", "4", "--threads", "2"])
        expectClean(result)
        #expect(result.stats.sent > 0 && result.stats.acked == result.stats.sent && result.stats.expected == result.stats.sent * 3)
        #expect(result.stats.latency.count == result.stats.measuredDelivered && result.stats.second.count > 0)
        expectSpread(result, threads: 2)
        // Visits are dealt round-robin: 25 visits of 4 devices on each thread.
        #expect(result.perThread.allSatisfy { $0.connected == 100 })
    }

    @Test func queue() throws {
        let result = try run(["queue", "--connections", "50", "--rate", "20", "--warmup", "1", "--duration", "4"])
        expectClean(result)
        #expect(result.stats.acked == result.stats.sent && result.stats.expected == result.stats.acked * 50)
        #expect(result.stats.secondExpected == result.stats.expected && result.stats.secondDelivered > 0)
    }

    @Test func queueOnTwoThreads() throws {
        let result = try run(["queue", "--connections", "50", "--rate", "20", "--warmup", "1", "--duration", "4", "--threads", "2"])
        expectClean(result)
        #expect(result.stats.acked == result.stats.sent && result.stats.expected == result.stats.acked * 50)
        #expect(result.stats.secondExpected == result.stats.expected && result.stats.secondDelivered > 0)
        expectSpread(result, threads: 2)
    }

    @Test func storm() throws {
        let result = try run(["storm", "--connections", "200", "--rate", "400", "--away", "1", "--duration", "4"])
        expectClean(result)
        #expect(result.stats.reconnected == 200 && result.stats.acked == result.stats.sent && result.stats.sent > 0)
        #expect(result.stats.delivered == result.stats.acked)
    }

    @Test func stormOnTwoThreads() throws {
        let result = try run(["storm", "--connections", "200", "--rate", "400", "--away", "1", "--duration", "4", "--threads", "2"])
        expectClean(result)
        #expect(result.stats.reconnected == 200 && result.stats.acked == result.stats.sent && result.stats.sent > 0)
        #expect(result.stats.delivered == result.stats.acked && result.stats.allBackSeconds > 0)
        expectSpread(result, threads: 2)
    }
}

#if canImport(Glibc)
import Glibc
#endif
