import Care
import Testing
@testable import Wire

@Suite struct RoundTripTests {
    @Test func samplesCoverEveryCommandAndEventType() {
        #expect(Set(Samples.commands.map(\.command.type)) == Set(CommandType.allCases))
        #expect(Set(Samples.events.map(\.event.type)) == Set(EventType.allCases))
        for sample in Samples.commands { #expect(sample.name == sample.command.type.rawValue) }
        for sample in Samples.events { #expect(sample.name == sample.event.type.rawValue) }
    }

    @Test(arguments: Samples.commands.map(\.command))
    func command(_ command: ClientCommand) throws {
        let bytes = CommandEncoder().encode(command)
        #expect(try CommandDecoder().decode(bytes).get() == command)
    }

    @Test func commandsWithOptionalFieldsLeftOut() throws {
        let commands: [ClientCommand] = [
            ClientCommand(id: "a", .hello(token: "t", resume: [:])),
            ClientCommand(id: "b", .createVisit(contactReason: "Recept", text: "", priority: nil)),
            ClientCommand(id: "c", .open("v", after: nil)),
            ClientCommand(id: "d", .history("v", before: nil, limit: CommandDecoder.defaultHistoryPageSize)),
            ClientCommand(id: "e", .end("v", asyncPhaseDays: nil, chargeForVisit: nil)),
            ClientCommand(id: "f", .end("v", asyncPhaseDays: 0, chargeForVisit: false)),
        ]
        for command in commands {
            #expect(try CommandDecoder().decode(CommandEncoder().encode(command)).get() == command)
        }
    }

    @Test(arguments: Samples.events.map(\.event), Audience.allCases)
    func event(_ event: ServerEvent, audience: Audience) throws {
        let bytes = EventEncoder().encode(event, for: audience)
        #expect(try EventDecoder().decode(bytes).get() == event.redacted(for: audience))
    }

    @Test(arguments: Samples.allBodies, Audience.allCases)
    func everyEventBody(_ body: VisitEventView, audience: Audience) throws {
        let event = ServerEvent.visitEvent(body)
        #expect(try EventDecoder().decode(EventEncoder().encode(event, for: audience)).get() == event.redacted(for: audience))
    }

    @Test func eventsWithOptionalFieldsLeftOut() throws {
        let view = VisitView(
            visit: "v", kind: .asynchronous, state: .waiting, contactReason: "Förnya recept", priority: 12,
            arrivedAt: Samples.t0, resource: Samples.nurses, lastSeq: 1)
        let events: [ServerEvent] = [
            .welcome(Welcome(id: nil, kind: .patient, subject: "patient-pia", name: "Pia", serverTime: Samples.t0, expiresAt: nil)),
            .ack("c", visit: nil, seq: nil),
            .error(WireError(reason: .malformed, message: "x")),
            .visit(view, id: nil),
            .history("v", events: [], hasMore: true, id: nil),
            .queue(Samples.nurses, entries: [], id: nil),
            .inbox(InboxView(), id: nil),
            .typing("v", by: .system),
        ]
        for event in events {
            #expect(try EventDecoder().decode(EventEncoder().encode(event, for: .staff)).get() == event)
        }
    }
}
