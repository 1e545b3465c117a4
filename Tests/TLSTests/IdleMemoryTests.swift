import Glibc
import Testing
import TLS

/// The resident memory an idle server session costs, in every run. The process is shared with
/// the other suites running in parallel, so the estimate is taken in three rounds and the
/// smallest counts: another test's allocations can inflate a round, not shrink our sessions.
/// CPU load does not change resident memory, only the time this takes.
@Suite struct IdleMemoryTests {
    static let bound = 32 * 1024
    static let rounds = 3
    static let sessionsPerRound = 250

    @Test func idleServerSessionMemory() throws {
        let serverContext = try Fixture.serverContext()
        let clientContext = try Fixture.verifyingClient()
        var servers: [TLSSession] = []
        servers.reserveCapacity(Self.rounds * Self.sessionsPerRound)
        for _ in 0..<100 { try Link(client: clientContext, server: serverContext).pump() }  // warm up

        let traffic = payload(20_000)
        var estimates: [Int] = []
        for _ in 0..<Self.rounds {
            let before = residentBytes()
            for _ in 0..<Self.sessionsPerRound {
                // Handshake, then traffic bigger than one record, then idle.
                let link = try Link(client: clientContext, server: serverContext)
                try link.pump()
                try link.client.send(Array("ping".utf8))
                try link.server.send(traffic)
                try link.pump()
                servers.append(link.server)
            }
            estimates.append((residentBytes() - before) / Self.sessionsPerRound)
        }
        let perSession = estimates.min() ?? 0
        print("resident bytes per idle server session: \(perSession) (rounds of \(Self.sessionsPerRound): \(estimates))")
        #expect(perSession < Self.bound, "rounds: \(estimates)")
    }

    private func residentBytes() -> Int {
        guard let file = fopen("/proc/self/statm", "r") else { return 0 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 128)
        guard fgets(&line, Int32(line.count), file) != nil else { return 0 }
        let fields = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            .split(separator: " ")
        return (fields.count > 1 ? Int(fields[1]) ?? 0 : 0) * sysconf(Int32(_SC_PAGESIZE))
    }
}
