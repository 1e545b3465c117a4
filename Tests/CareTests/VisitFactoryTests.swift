import Care
import Testing

@Suite struct VisitFactoryTests {
    let now = FakeClock().now()

    func dropIn(
        by principal: Principal = .pia, reason: String = "Halsont", text: String = "Ont i halsen.", priority: Priority = 3
    ) -> Result<VisitEvent, CareError> {
        VisitFactory.dropIn(
            id: "v-1", by: principal, contactReason: reason, text: text, priority: priority,
            resource: Fixtures.nurses, careProvider: Fixtures.region, at: now)
    }

    @Test func dropInIsTheFirstEventOfItsLog() throws {
        #expect(
            try dropIn().get()
                == VisitEvent(
                    visit: "v-1", seq: 1, at: now, actor: .patient(Fixtures.pia.id),
                    body: .created(
                        kind: .dropIn, patient: Fixtures.pia.id, careProvider: Fixtures.region,
                        resource: Fixtures.nurses, contactReason: "Halsont", text: "Ont i halsen.", priority: 3)))
    }

    @Test func contactReasonIsTrimmedTextIsKeptAsWritten() throws {
        let event = try dropIn(reason: "  Förnya recept\n", text: "  Rad ett\nRad två  ").get()
        guard case .created(_, _, _, _, let reason, let text, _) = event.body else {
            Issue.record("not a created event")
            return
        }
        #expect(reason == "Förnya recept")
        #expect(text == "  Rad ett\nRad två  ")
    }

    @Test func onlyPatientsSeekCare() {
        #expect(dropIn(by: .anna) == .failure(.forbidden))
        #expect(dropIn(by: .system) == .failure(.forbidden))
    }

    @Test func contactReasonIsRequiredAndBounded() {
        #expect(dropIn(reason: "") == .failure(.invalid(.emptyContactReason)))
        #expect(dropIn(reason: " \t ") == .failure(.invalid(.emptyContactReason)))
        #expect(dropIn(reason: String(repeating: "a", count: Limits.contactReasonBytes + 1)) == .failure(.invalid(.contactReasonTooLong)))
        #expect((try? dropIn(reason: String(repeating: "a", count: Limits.contactReasonBytes)).get()) != nil)
    }

    @Test func triageTextIsBoundedAndOptional() {
        #expect(dropIn(text: String(repeating: "ö", count: Limits.triageTextBytes / 2 + 1)) == .failure(.invalid(.textTooLong)))
        #expect((try? dropIn(text: "").get()) != nil)
    }

    @Test(arguments: [0, 6, 8, -3])
    func dropInPriorityOutsideOneToFiveIsInvalid(priority: Int) {
        #expect(dropIn(priority: Priority(priority)) == .failure(.invalid(.priorityOutOfRange)))
    }

    @Test(arguments: [1, 5])
    func dropInPriorityEdgesAreValid(priority: Int) {
        #expect((try? dropIn(priority: Priority(priority)).get()) != nil)
    }

    @Test func asynchronousCasesUseLargerPriorities() throws {
        func async(_ priority: Priority) -> Result<VisitEvent, CareError> {
            VisitFactory.create(
                .asynchronous, id: "v-2", by: .pia, contactReason: "Förnya recept", text: "", priority: priority,
                resource: Fixtures.nurses, careProvider: Fixtures.region, at: now)
        }
        var visit = try Visit(try async(12).get())
        #expect(visit.kind == .asynchronous && visit.priority == 12)
        #expect(async(100) == .failure(.invalid(.priorityOutOfRange)))
        #expect(async(0) == .failure(.invalid(.priorityOutOfRange)))
        // Changing priority follows the kind's range too.
        let change = visit.decide(.changePriority(to: 8), by: .anna, at: now)
        guard case .success(.record(let events)) = change else {
            Issue.record("expected events, got \(change)")
            return
        }
        try visit.apply(events[0])
        #expect(visit.priority == 8)
    }
}
