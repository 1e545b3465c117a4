#if canImport(Glibc)
import Glibc
#endif
import Care
import FoundationEssentials
import Testing
@testable import Wire

/// Byte-exact JSON for every message type, in Fixtures/ (the examples in docs/protocol.md are
/// these files). After an intended change, `scripts/record-golden.sh` rewrites them; review the
/// diff like code. A normal run (`swift test`, `make test`) never writes them.
@Suite struct GoldenTests {
    static let directory = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures")

    /// Whether this run records. Only `scripts/record-golden.sh` records: it runs `swift test`
    /// with `WIRE_GOLDEN_RECORDER_PID` set to its own process id, and recording happens only
    /// while that process is an ancestor of this one and is that script. So a variable inherited
    /// from an earlier session (or the old `WIRE_RECORD_GOLDEN=1`) cannot turn a normal run into
    /// one that rewrites the fixtures and passes: it fails every golden test instead.
    enum Recording: Equatable {
        case off
        case on
        case refused(String)
    }

    static let recording = recordingMode(ProcessInfo.processInfo.environment)

    static func recordingMode(_ environment: [String: String]) -> Recording {
        if let old = environment["WIRE_RECORD_GOLDEN"] {
            return .refused("WIRE_RECORD_GOLDEN=\(old) is set: it no longer records. Unset it; record with scripts/record-golden.sh")
        }
        guard let value = environment["WIRE_GOLDEN_RECORDER_PID"] else { return .off }
        guard let pid = Int32(value), isRecorderAncestor(pid) else {
            return .refused("WIRE_GOLDEN_RECORDER_PID=\(value) is not a scripts/record-golden.sh that started this run "
                            + "(inherited from an earlier one?): nothing is recorded. Unset it; record with scripts/record-golden.sh")
        }
        return .on
    }

    /// Whether `pid` runs scripts/record-golden.sh and is this process's parent, grandparent, ...
    static func isRecorderAncestor(_ pid: Int32) -> Bool {
        var current = getppid()
        for _ in 0..<64 where current > 1 {
            if current == pid { return procFile(pid, "cmdline").contains("record-golden.sh") }
            // /proc/PID/stat: "PID (comm) state PPID ...": the command may hold spaces or parens.
            let stat = procFile(current, "stat")
            guard let close = stat.lastIndex(of: ")"),
                  let parent = stat[stat.index(after: close)...].split(separator: " ").dropFirst().first.flatMap({ Int32($0) })
            else { return false }
            current = parent
        }
        return false
    }

    private static func procFile(_ pid: Int32, _ name: String) -> String {
        guard let file = fopen("/proc/\(pid)/\(name)", "r") else { return "" }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
    }

    static func check(_ bytes: [UInt8], _ name: String) throws {
        let url = directory.appending(path: name)
        switch recording {
        case .on:
            try Data(bytes).write(to: url)
            return
        case .refused(let why):
            Issue.record(Comment(rawValue: why))
            return
        case .off:
            break
        }
        let golden = try [UInt8](Data(contentsOf: url))
        #expect(
            bytes == golden,
            "\(name) differs:\n got: \(String(decoding: bytes, as: UTF8.self))\nwant: \(String(decoding: golden, as: UTF8.self))")
    }

    @Test func onlyTheRecordingScriptRecords() {
        #expect(Self.recordingMode([:]) == .off)
        #expect(Self.recordingMode(["WIRE_RECORD_GOLDEN": "1"]) != .on)
        // An id that is no ancestor (this process itself, pid 1, garbage) never records.
        #expect(Self.recordingMode(["WIRE_GOLDEN_RECORDER_PID": String(getpid())]) != .on)
        #expect(Self.recordingMode(["WIRE_GOLDEN_RECORDER_PID": "1"]) != .on)
        #expect(Self.recordingMode(["WIRE_GOLDEN_RECORDER_PID": "x"]) != .on)
        // The parent is an ancestor, but not the script (swift test, a shell): refused too.
        #expect(Self.recordingMode(["WIRE_GOLDEN_RECORDER_PID": String(getppid())]) != .on)
    }

    @Test(arguments: Samples.commands)
    func command(_ sample: (name: String, command: ClientCommand)) throws {
        let name = "command.\(sample.name).json"
        try Self.check(CommandEncoder().encode(sample.command), name)
        let golden = try [UInt8](Data(contentsOf: Self.directory.appending(path: name)))
        #expect(try CommandDecoder().decode(golden).get() == sample.command)
    }

    @Test(arguments: Samples.events)
    func event(_ sample: (name: String, event: ServerEvent)) throws {
        let encoded = EventEncoder().encode(sample.event)
        try Self.check(encoded.staff, "event.\(sample.name).json")
        if sample.event.hasStaffOnlyFields {
            #expect(!encoded.isShared)
            try Self.check(encoded.patient, "event.\(sample.name).patient.json")
        } else {
            #expect(encoded.isShared)
        }
    }
}
