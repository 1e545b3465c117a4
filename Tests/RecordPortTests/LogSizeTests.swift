import Care
import FoundationEssentials
import Service
import Testing

/// What a chat message costs the SQLite log: 1,000 messages written through the store's writer,
/// their payloads' sizes as the log reports them (`length(payload)`), against what log format 1
/// wrote for the same events (Swift's synthesised `Codable`, or the hand-written encoder with the
/// same keys: the same length for texts without `/` or control characters).
@Suite struct LogSizeTests {
    static let texts = [
        "Hej",
        "Jag har haft ont i halsen i tre dagar och nu har jag feber också.",
        "S000000c511d6ebcfA000000c511d8045aR00000000P00000000Q00000000" + String(repeating: ".", count: 39),
    ]

    @Test(arguments: texts)
    func bytesPerStoredChatMessage(text: String) throws {
        let ports = try RecordPorts(.sqlite)
        // Ids as the server draws them: 32 hex digits for a visit.
        var script = try VisitScript("a95d063cf167252581df424ee26afade", patient: "patient-olle")
        try ports.recordStarted(&script)
        let count = 1_000
        for index in 0..<count { _ = ports.append(try script.message("m-\(index)", text)) }

        let messages = try ports.reader.events(of: script.visit.id, after: 4, limit: count)
        #expect(messages.count == count)
        let now = messages.reduce(0) { $0 + $1.bytes }
        let encoder = JSONEncoder()
        let before = try messages.reduce(0) { $0 + (try encoder.encode($1.event).count) }
        print("log bytes per chat message (\(text.utf8.count)-byte text): format 1 \(Double(before) / Double(count)), format 2 \(Double(now) / Double(count))")
        #expect(now < before)
    }
}
