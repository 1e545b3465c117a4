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

/// Process-crash durability: a child (this test binary, re-executed to run `crashChild` only)
/// appends as fast as acks come back and logs every ack with write(2); the parent SIGKILLs it at
/// a random moment, reopens, and checks that every acked seq is stored and the log has no gap.
/// This covers a process crash; a power cut (lost page cache) needs a fault-injecting FS.
@Suite(.serialized) struct CrashTests {
    static let childVariable = "CAREWIRE_STORE_CRASH_CHILD"
    static let visits = ["crash-a", "crash-b", "crash-c"]
    static var childDirectory: String? { getenv(childVariable).map { String(cString: $0) } }

    @Test func everyAckedAppendSurvivesSIGKILL() throws {
        let directory = TemporaryDirectory()
        var totalAcked = 0
        let rounds = 10
        for round in 1...rounds {
            let before = Self.acks(in: directory.path).count
            let pid = try Self.spawnChild(directory: directory.path)
            // An ack line is about 12 bytes: kill after roughly 50 to 3,000 new acks.
            let target = Self.ackBytes(in: directory.path) + 12 * Int.random(in: 50...3_000)
            let deadline = ProcessResources.monotonicNanoseconds() + 20_000_000_000
            while Self.ackBytes(in: directory.path) < target && ProcessResources.monotonicNanoseconds() < deadline {
                usleep(500)
            }
            #expect(kill(pid, SIGKILL) == 0)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            #expect(status & 0x7f == SIGKILL, "round \(round): the child exited on its own (status \(status))")

            // Reopening as the writer runs WAL recovery, as the server does at start.
            let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
            let reader = try StoreReader(path: directory.databasePath)
            let acked = Self.acks(in: directory.path)
            totalAcked = acked.count
            var stored = 0
            for visit in Self.visits {
                let events = try reader.events(visitID: visit, after: 0, limit: 1_000_000)
                stored += events.count
                let gapFree = events.enumerated().allSatisfy { Int64($0.offset + 1) == $0.element.seq }
                #expect(gapFree, "gap in \(visit)")
                // Acks only grow; a killed round may leave committed-but-unacked seqs between them.
                let ackedSeqs = acked.filter { $0.visit == visit }.map(\.seq)
                #expect(zip(ackedSeqs, ackedSeqs.dropFirst()).allSatisfy { $0 < $1 }, "acks of \(visit) out of order")
                #expect((ackedSeqs.last ?? 0) <= Int64(events.count), "round \(round): seq \(ackedSeqs.last ?? 0) of \(visit) acked, \(events.count) stored")
            }
            let log = FileSystem.read(directory.path + "/acks") ?? []
            #expect(!String(decoding: log, as: UTF8.self).contains("error"), "round \(round): the child saw an unexpected result")
            print("crash round \(round): killed after \(acked.count - before) new acks; \(acked.count) acked, \(stored) stored in total")
            reader.close()
            writer.stop()
        }
        #expect(totalAcked > rounds * 50)
    }

    /// The child's body; skipped unless the parent set the environment variable.
    @Test(.enabled(if: childDirectory != nil)) func crashChild() throws {
        let directory = Self.childDirectory!
        let writer = try StoreWriter(configuration: .init(path: directory + "/carewire.db"))
        let reader = try StoreReader(path: directory + "/carewire.db")
        let ackFD = open(directory + "/acks", O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        precondition(ackFD >= 0)
        var next: [String: Int64] = [:]
        for visit in Self.visits { next[visit] = try reader.lastSeq(visitID: visit) + 1 }
        let log: @Sendable (String) -> Void = { text in
            var line = Array(text.utf8)
            _ = line.withUnsafeMutableBytes { write(ackFD, $0.baseAddress, $0.count) }
        }
        // A client that never saw its last ack resends it after the restart: same seq, no new row.
        for visit in Self.visits where next[visit]! > 1 {
            let last = next[visit]! - 1
            let resend = WriteRequest.append(EventAppend(Fixture.message(visit, last + 1, clientID: "m\(last)")))
            let result = writer.write(resend)
            if result != .success(.duplicate(visitID: visit, originalSeq: last)) { log("error resend: \(result)\n") }
        }
        let inFlight = Atomic<Int>(0)
        let deadline = ProcessResources.monotonicNanoseconds() + 30_000_000_000
        while ProcessResources.monotonicNanoseconds() < deadline {
            for visit in Self.visits {
                // Like clients that wait for acks: a few hundred messages in flight at most.
                while inFlight.load(ordering: .relaxed) >= 256 { usleep(100) }
                let seq = next[visit]!
                let event = Fixture.message(visit, seq, clientID: "m\(seq)")
                let request = WriteRequest.append(EventAppend(event, projection: seq == 1 ? Fixture.projection(visit) : nil))
                inFlight.add(1, ordering: .relaxed)
                let submitted = writer.submit(request) { result in
                    inFlight.subtract(1, ordering: .relaxed)
                    guard result == .success(.appended(visitID: visit, seqs: seq...seq)) else {
                        return log("error \(visit) \(seq): \(result)\n")
                    }
                    log("\(visit) \(seq)\n")
                }
                if submitted == .accepted { next[visit] = seq + 1 } else { inFlight.subtract(1, ordering: .relaxed) }
            }
        }
        writer.stop()
    }

    /// The ack log's size: cheap enough to poll while the child runs.
    static func ackBytes(in directory: String) -> Int {
        var info = stat()
        return stat(directory + "/acks", &info) == 0 ? Int(info.st_size) : 0
    }

    static func acks(in directory: String) -> [(visit: String, seq: Int64)] {
        guard let bytes = FileSystem.read(directory + "/acks") else { return [] }
        // A line without its newline was cut by the kill: its ack never counted.
        return bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast().compactMap { line in
            let parts = line.split(separator: UInt8(ascii: " "))
            guard parts.count == 2, let seq = Int64(String(decoding: parts[1], as: UTF8.self)) else { return nil }
            return (String(decoding: parts[0], as: UTF8.self), seq)
        }
    }

    /// Re-executes this test binary with a filter that runs only `crashChild`.
    static func spawnChild(directory: String) throws -> pid_t {
        var path = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &path, path.count - 1)
        precondition(length > 0)
        let executable = String(decoding: path.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let arguments = [executable, "--testing-library", "swift-testing", "--filter", "crashChild"]
        var environment = Environment.variables
        environment[childVariable] = directory
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        #expect(rc == 0, "posix_spawn: \(rc)")
        return pid
    }
}
