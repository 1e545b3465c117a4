import Care
import Service
import Store
import Testing
@testable import SQLiteRecords

/// Events as the SQLite store's rows: written in log format 2, read back whatever the text, the
/// author or the client id, and rows of version 1 (databases of migrations 1-6) still read.
@Suite struct LogRowTests {
    static let texts = [
        "Hej", "", "\"citat\" och \\snedstreck\\", "rad 1\nrad 2\r\n\ttabb", "kontroll \u{01}\u{1F}\u{7F}",
        "åäö ÅÄÖ 😷 \u{2028}\u{2029}", String(repeating: "x", count: 8_000), "</script>",
    ]

    @Test(arguments: texts)
    func readsBackAsTheSameEvent(text: String) throws {
        for actor in [Party.patient("patient-pia"), .staff("staff-anna"), .system] {
            for id in [ClientMessageID("c-17"), nil, ClientMessageID("\"ü\"\n")] {
                let event = VisitEvent(visit: "v-8K2Q", seq: 42, at: Instant(millisecondsSinceEpoch: 1_767_225_600_123),
                                       actor: actor, body: .message(clientMessageID: id, text: text))
                let row = LogCoding().row(event)
                #expect(row.payload.starts(with: Array(#"{"v":2,"text":"#.utf8)) && row.clientID == id?.rawValue)
                #expect(try LogCoding().event(row).event == event)
            }
        }
    }

    /// A message row as the hand-written encoder of migrations 1-6 wrote it.
    @Test func aVersionOneRowStillReads() throws {
        let row = StoredEvent(
            visitID: "v-8K2Q", seq: 42, atMilliseconds: 1_767_225_600_123, actor: "patient:patient-pia", kind: "message",
            clientID: "c-17",
            payload: Array(#"{"visit":"v-8K2Q","seq":42,"at":1767225600123,"actor":{"patient":{"_0":"patient-pia"}},"body":{"message":{"clientMessageID":"c-17","text":"Hej"}}}"#.utf8))
        let logged = try LogCoding().event(row)
        #expect(logged.event == VisitEvent(visit: "v-8K2Q", seq: 42, at: Instant(millisecondsSinceEpoch: 1_767_225_600_123),
                                           actor: .patient("patient-pia"), body: .message(clientMessageID: "c-17", text: "Hej")))
        #expect(logged.bytes == row.payload.count)
    }

    @Test func aDamagedPayloadIsReported() {
        var row = LogCoding().row(VisitEvent(visit: "v", seq: 3, at: Instant(millisecondsSinceEpoch: 1), actor: .system, body: .markedDone))
        row.payload = Array(#"{"v":2"#.utf8)
        #expect(throws: RecordError.self) { try LogCoding().event(row) }
    }
}
