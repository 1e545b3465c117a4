import Care
import FoundationEssentials
import Testing
@testable import Wire

/// What each audience sees, and encoding once per view.
@Suite struct ViewTests {
    static let staff = StaffMember(
        id: "staff-anna", displayName: "Anna Berg", careProvider: "norrsken", units: ["vc-bjorkdalen"], role: .nurse)

    static func endedVisit() throws -> (Visit, [VisitEvent]) {
        let pia = Principal.patient(Samples.pia)
        var log = [try VisitFactory.dropIn(
            id: Samples.visit, by: pia, contactReason: "Halsont", text: "Ont i halsen.", priority: 3,
            resource: Samples.nurses, careProvider: "norrsken", at: Samples.t0).get()]
        var visit = try Visit(log[0])
        let commands: [(VisitCommand, Principal)] = [
            (.accept, .staff(staff)), (.start, .staff(staff)),
            (.sendMessage(clientMessageID: "m1", text: "Hej"), pia),
            (.end(asyncPhaseDays: 7, chargeForVisit: true), .staff(staff)),
        ]
        for (command, principal) in commands {
            guard case .record(let events) = try visit.decide(command, by: principal, at: Samples.t0).get() else { continue }
            for event in events { try visit.apply(event) }
            log += events
        }
        return (visit, log)
    }

    @Test func patientViewLeavesOutStaffOnlyFields() throws {
        let (visit, log) = try Self.endedVisit()
        let snapshot = ServerEvent.visit(VisitView(visit, queuePosition: nil, patient: Samples.pia, patientOnline: true), id: nil)
        let encoded = EventEncoder().encode(snapshot)
        let patient = String(decoding: encoded.patient, as: UTF8.self)
        let staff = String(decoding: encoded.staff, as: UTF8.self)
        for secret in ["19800101-1234", "Ont i halsen.", "chargeForVisit", "asyncInbox", "patientOnline"] {
            #expect(!patient.contains(secret), "\(secret)")
            #expect(staff.contains(secret), "\(secret)")
        }
        #expect(!encoded.isShared)

        // Every event of the log reaches the patient (seq stays gap-free), redacted.
        let history = ServerEvent.history(visit.id, events: log.map(VisitEventView.init), hasMore: false, id: nil)
        let page = try EventDecoder().decode(EventEncoder().encode(history, for: .patient)).get()
        guard case .history(_, let events, _, _) = page else { Issue.record("\(page)"); return }
        #expect(events.map(\.seq) == Array(1...UInt64(log.count)))
        #expect(!events.contains { $0.hasStaffOnlyFields })
    }

    @Test func snapshotFromCare() throws {
        let (visit, _) = try Self.endedVisit()
        let view = VisitView(visit, queuePosition: nil, patient: Samples.pia, patientOnline: false)
        #expect(view.state == .asyncPhase)
        #expect(view.lastSeq == visit.lastSeq)
        #expect(view.responsible?.id == Self.staff.id)
        #expect(view.asyncPhaseEndsAt == Samples.t0.adding(days: 7))
        #expect(view.asyncInbox == .noActionRequired)
        #expect(view.chargeForVisit == true)
    }

    @Test func eventsWithoutStaffOnlyFieldsShareOneBuffer() {
        let encoded = EventEncoder().encode(.visitEvent(Samples.message))
        #expect(encoded.isShared)
        encoded.patient.withUnsafeBufferPointer { patient in
            encoded.staff.withUnsafeBufferPointer { staff in #expect(patient.baseAddress == staff.baseAddress) }
        }
    }

    @Test func careErrorsKeepTheirCodesAndReasons() throws {
        let cases: [(CareError, String, String?)] = [
            (.notFound, "not_found", nil), (.forbidden, "forbidden", nil),
            (.conflict(.alreadyAccepted), "conflict", "already_accepted"),
            (.invalid(.messageTooLong), "invalid", "message_too_long"), (.rateLimited, "rate_limited", nil),
        ]
        for (error, code, reason) in cases {
            guard case .error(let id, let wireCode, let wireReason, _, _) = ServerEvent.error(error, id: "c") else { continue }
            #expect(id == "c")
            #expect(wireCode.rawValue == code)
            #expect(wireCode.rawValue == error.code)
            #expect(wireReason == reason)
        }
    }

    /// The writer's escaping, checked against an independent JSON parser.
    @Test func stringEscapingAgreesWithJSONDecoder() throws {
        var samples = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
        samples += ["\"\\/", "åäö ÅÄÖ", "😀👩‍⚕️", "\u{2028}\u{2029}", "e\u{301}", "\u{FFFD}\u{10FFFF}", ""]
        for text in samples {
            let event = ServerEvent.error(nil, code: .internal, reason: nil, message: text)
            let bytes = EventEncoder().encode(event, for: .staff)
            let decoded = try JSONDecoder().decode([String: String].self, from: Data(bytes))
            #expect(decoded["message"].map { Array($0.utf8) } == Array(text.utf8), "\(text.debugDescription)")
        }
    }
}
