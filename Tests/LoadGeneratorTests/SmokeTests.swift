import Testing
@testable import LoadGenerator

/// Scaled-down room-path scenarios against the real server binary: zero loss and nothing in
/// the wrong room. No latency assertions: this machine is shared, latency is `make bench`'s job.
@Suite(.serialized) struct SmokeTests {
    func run(_ arguments: [String]) throws -> RunResult {
        let server = try ServerChild(arguments: ["serve", "--port", "0", "--rooms", "--loops", "2", "--no-deflate"])
        defer { server.stop() }
        var config = try LoadConfiguration.parse(arguments + ["--url", "ws://127.0.0.1:\(server.port)", "--server-pid", "\(server.pid)", "--quiet"])
        config.drain = 10
        return try RoomPathRun(config: config, rate: config.rate, label: "smoke", progress: { _ in }).execute()
    }

    @Test func clinic() throws {
        let result = try run(["clinic", "--connections", "200", "--rate", "500", "--warmup", "1", "--duration", "4"])
        #expect(result.stats.connected == 200)
        #expect(result.stats.sent > 0 && result.stats.expected == result.stats.sent * 3)
        #expect(result.lost == 0, "\(result.summary)")
        #expect(result.stats.wrongRoom == 0 && result.stats.duplicates == 0)
        #expect(result.stats.errors == 0, "\(result.stats.errorSamples)")
        #expect(result.stats.latency.count == result.stats.measuredDelivered && result.stats.measuredDelivered > 0)
        #expect(result.serverCPUMicrosPerDelivery != nil)
    }

    @Test func broadcast() throws {
        let result = try run(["broadcast", "--connections", "101", "--rate", "100", "--warmup", "1", "--duration", "4"])
        #expect(result.stats.connected == 101 && result.rooms == 1)
        #expect(result.stats.expected == result.stats.sent * 100 && result.stats.sent > 0)
        #expect(result.lost == 0, "\(result.summary)")
        #expect(result.stats.wrongRoom == 0 && result.stats.duplicates == 0)
        #expect(result.stats.errors == 0, "\(result.stats.errorSamples)")
    }

    @Test func idleConnections() throws {
        let result = try run(["connections", "--connections", "300", "--duration", "1"])
        #expect(result.stats.connected == 300 && result.stats.errors == 0)
        #expect(result.serverRSSPerConnection != nil)
    }
}
