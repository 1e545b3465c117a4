import Glibc
import Testing
import TLS

/// The resident memory an idle server session costs, checked in every run. Resident memory is
/// the whole process's, and `swift test` runs the other suites in parallel in this process (they
/// allocate and free megabytes meanwhile: estimates here ranged from -10 to +27 KiB a session),
/// so the measurement runs in a process of its own: this test binary again, with only
/// `measureInThisProcess`. CPU load does not change resident memory, only how long it takes.
@Suite struct IdleMemoryTests {
    static let bound = 32 * 1024
    static let childVariable = "CAREWIRE_TLS_IDLE_MEMORY_CHILD"
    static let marker = "idle TLS server session, resident bytes: "

    @Test func idleServerSessionMemory() throws {
        guard getenv(Self.childVariable) == nil else { return }
        // Run the measurement alone in a child: this executable, only that test.
        var path = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &path, path.count - 1)
        try #require(length > 0)
        let executable = String(decoding: path[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let command = "\(Self.childVariable)=1 timeout 600 '\(executable)' --testing-library swift-testing "
            + "--filter measureInThisProcess 2>&1"
        let pipe = try #require(popen(command, "r"))
        var output = ""
        var line = [CChar](repeating: 0, count: 4096)
        while fgets(&line, Int32(line.count), pipe) != nil {
            output += String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        let status = pclose(pipe)
        let figure = output.split(separator: "\n").first { $0.hasPrefix(Self.marker) }
        let perSession = try #require(figure.flatMap { Int($0.dropFirst(Self.marker.count).prefix { $0.isNumber || $0 == "-" }) },
                                      "no measurement from the child (status \(status)):\n\(output.suffix(2000))")
        print(figure ?? "")
        #expect(status == 0, "child status \(status):\n\(output.suffix(2000))")
        #expect(perSession > 0 && perSession < Self.bound, "\(figure ?? "")")
    }

    /// The measurement itself; runs only in the child that `idleServerSessionMemory` starts.
    @Test(.enabled(if: getenv(IdleMemoryTests.childVariable) != nil, "runs only in the child idleServerSessionMemory starts"))
    func measureInThisProcess() throws {
        let serverContext = try Fixture.serverContext()
        let clientContext = try Fixture.verifyingClient()
        let (rounds, sessionsPerRound) = (3, 250)
        var servers: [TLSSession] = []
        servers.reserveCapacity(rounds * sessionsPerRound)
        for _ in 0..<100 { try Link(client: clientContext, server: serverContext).pump() }  // warm up

        let traffic = payload(20_000)
        var estimates: [Int] = []
        for _ in 0..<rounds {
            let before = residentBytes()
            for _ in 0..<sessionsPerRound {
                // Handshake, then traffic bigger than one record, then idle.
                let link = try Link(client: clientContext, server: serverContext)
                try link.pump()
                try link.client.send(Array("ping".utf8))
                try link.server.send(traffic)
                try link.pump()
                servers.append(link.server)
            }
            estimates.append((residentBytes() - before) / sessionsPerRound)
        }
        // The smallest of three rounds: what the sessions cost, whatever else grew meanwhile.
        print("\(Self.marker)\(estimates.min() ?? 0) (rounds of \(sessionsPerRound): \(estimates))")
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
