import Glibc
import Testing
import TLS

/// Opt-in, because it measures the whole process and wants it to itself:
/// `CAREWIRE_TLS_MEASURE=1 swift test --filter TLSTests.IdleMemoryTests`
@Suite(.enabled(if: getenv("CAREWIRE_TLS_MEASURE") != nil))
struct IdleMemoryTests {
    @Test func idleServerSessionMemory() throws {
        let serverContext = try Fixture.serverContext()
        let clientContext = try Fixture.verifyingClient()
        let count = 2000
        var servers: [TLSSession] = []
        servers.reserveCapacity(count)
        for _ in 0..<100 { try Link(client: clientContext, server: serverContext).pump() }  // warm up

        let before = residentBytes()
        for _ in 0..<count {
            // Handshake, then traffic bigger than one record, then idle.
            let link = try Link(client: clientContext, server: serverContext)
            try link.pump()
            try link.client.send(Array("ping".utf8))
            try link.server.send(payload(20_000))
            try link.pump()
            servers.append(link.server)
        }
        let perSession = (residentBytes() - before) / count
        print("resident bytes per idle server session: \(perSession)")
        #expect(perSession < 32 * 1024)
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
