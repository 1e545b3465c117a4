import Care
import FoundationEssentials
import Testing
@testable import Wire

/// Byte-exact JSON for every message type, in Fixtures/ (the examples in docs/protocol.md are
/// these files). `WIRE_RECORD_GOLDEN=1 swift test --filter WireTests` rewrites them after an
/// intended change; review the diff like code.
@Suite struct GoldenTests {
    static let directory = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures")
    static let recording = ProcessInfo.processInfo.environment["WIRE_RECORD_GOLDEN"] == "1"

    static func check(_ bytes: [UInt8], _ name: String) throws {
        let url = directory.appending(path: name)
        if recording {
            try Data(bytes).write(to: url)
            return
        }
        let golden = try [UInt8](Data(contentsOf: url))
        #expect(
            bytes == golden,
            "\(name) differs:\n got: \(String(decoding: bytes, as: UTF8.self))\nwant: \(String(decoding: golden, as: UTF8.self))")
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
