import Testing
@testable import LoadGenerator

/// Scaled-down carewire scenarios against the real server (`serve --demo` with a fresh store):
/// nothing lost, missed, duplicated or misrouted, seq gap-free, no error events. No latency
/// assertions: this machine is shared, latency is `make bench`'s job.
@Suite(.serialized) struct CareSmokeTests {
    func run(_ arguments: [String]) throws -> CareResult {
        let directory = "/tmp/carewire-load-smoke-\(getpid())-\(arguments[0])"
        mkdir(directory, 0o700)
        defer { for suffix in ["", "-wal", "-shm"] { unlink("\(directory)/care.db\(suffix)") }; rmdir(directory) }
        let server = try ServerChild(arguments: [
            "serve", "--port", "0", "--loops", "2", "--no-deflate", "--demo", "--database", "\(directory)/care.db",
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

    @Test func clinic() throws {
        let result = try run(["clinic", "--protocol", "carewire", "--connections", "200", "--rate", "500", "--warmup", "1", "--duration", "4"])
        expectClean(result)
        #expect(result.stats.sent > 0 && result.stats.acked == result.stats.sent && result.stats.expected == result.stats.sent * 3)
        #expect(result.stats.latency.count == result.stats.measuredDelivered && result.stats.second.count > 0)
    }

    @Test func queue() throws {
        let result = try run(["queue", "--connections", "50", "--rate", "20", "--warmup", "1", "--duration", "4"])
        expectClean(result)
        #expect(result.stats.acked == result.stats.sent && result.stats.expected == result.stats.acked * 50)
        #expect(result.stats.secondExpected == result.stats.expected && result.stats.secondDelivered > 0)
    }

    @Test func storm() throws {
        let result = try run(["storm", "--connections", "200", "--rate", "400", "--away", "1", "--duration", "4"])
        expectClean(result)
        #expect(result.stats.reconnected == 200 && result.stats.acked == result.stats.sent && result.stats.sent > 0)
        #expect(result.stats.delivered == result.stats.acked)
    }
}

#if canImport(Glibc)
import Glibc
#endif
