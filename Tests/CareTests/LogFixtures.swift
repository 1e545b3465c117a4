import Care

/// One visit's log with every event kind (seqs 1-10), the log the v1 goldens were captured from.
enum LogFixtures {
    static let visit = VisitID("visit-1")
    static let nina = Clinician(id: "nurse-1", displayName: "Nina Ö", role: .nurse)
    static let start = Instant(millisecondsSinceEpoch: 1_700_000_000_000)

    static let events: [VisitEvent] = {
        let bodies: [(Party, VisitEvent.Body)] = [
            (.patient("anna"), .created(kind: .dropIn, patient: "anna", careProvider: "norrsken",
                                        resource: Resource(careProvider: "norrsken", unit: "vc-lovsta", role: .nurse),
                                        contactReason: "Halsont", text: "Ont i halsen, \"feber\".", priority: 3)),
            (.staff("nurse-1"), .accepted(by: nina)),
            (.staff("nurse-1"), .started(by: nina)),
            (.staff("nurse-1"), .message(clientMessageID: nil, text: "Hej! Jag heter Nina.")),
            (.patient("anna"), .message(clientMessageID: "a-1", text: "Tack\n/ \\ \u{08}\u{0C}\u{01} ö")),
            (.staff("nurse-1"), .priorityChanged(from: 3, to: 2)),
            (.staff("nurse-1"), .ended(asyncPhaseDays: 3, chargeForVisit: true, asyncPhaseEndsAt: start.adding(days: 3))),
            (.patient("anna"), .message(clientMessageID: "a-2", text: "En fråga till")),
            (.staff("nurse-1"), .markedDone),
            (.system, .closed(reason: .asyncPhaseExpired)),
        ]
        return bodies.enumerated().map { index, body in
            VisitEvent(visit: visit, seq: UInt64(index + 1), at: start.adding(milliseconds: Int64(index)), actor: body.0, body: body.1)
        }
    }()

    /// The row's columns of `event` with another payload (how an old row reads back).
    static func record(_ event: VisitEvent, payload: String) -> LogRecord {
        var record = LogCodec.record(event)
        record.payload = Array(payload.utf8)
        return record
    }
}
