import Care
import FoundationEssentials
import Testing
@testable import SQLiteRecords

@Suite struct MessagePayloadTests {
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
                let bytes = try #require(MessagePayload.encode(event))
                #expect(try JSONDecoder().decode(VisitEvent.self, from: Data(bytes)) == event)
                // The generic path reads it too (the store's rows are decoded by LogCoding).
                let row = try LogCoding().row(event)
                #expect(row.payload == bytes && row.clientID == id?.rawValue)
                #expect(try LogCoding().event(row).event == event)
            }
        }
    }

    @Test func otherKindsAreLeftToTheEncoder() {
        let event = VisitEvent(visit: "v", seq: 3, at: Instant(millisecondsSinceEpoch: 1), actor: .system, body: .markedDone)
        #expect(MessagePayload.encode(event) == nil)
    }
}
