import Care
import Service
import Testing

/// What the ports keep beside the log, the same for every implementation: read marks, the audit
/// trail, the notification outbox and the patient register.
@Suite struct SideRecordsContractTests {
    static let at = Instant(millisecondsSinceEpoch: 1_700_000_100_000)

    @Test(arguments: RecordPorts.Kind.allCases)
    func readMarksOnlyMoveForwardAndStayInsideTheLog(_ kind: RecordPorts.Kind) throws {
        let ports = try RecordPorts(kind)
        var script = try VisitScript("visit-1")
        #expect(ports.record(.readMark("visit-1", ReadMark(reader: script.patient.actor, upTo: 1), at: Self.at))
            == .failure(.unknownVisit("visit-1")))
        try ports.recordStarted(&script)
        let anna = script.patient.actor, nina = VisitScript.nurse.actor
        #expect(ports.record(.readMark("visit-1", ReadMark(reader: anna, upTo: 3), at: Self.at)) == .success(.readMark(upTo: 3)))
        #expect(ports.record(.readMark("visit-1", ReadMark(reader: anna, upTo: 2), at: Self.at)) == .success(.readMark(upTo: 3)))
        #expect(ports.record(.readMark("visit-1", ReadMark(reader: nina, upTo: 4), at: Self.at)) == .success(.readMark(upTo: 4)))
        guard case .failure(.invalid) = ports.record(.readMark("visit-1", ReadMark(reader: anna, upTo: 5), at: Self.at)) else {
            Issue.record("a mark beyond the log was stored")
            return
        }
        let marks = try ports.reader.readMarks(of: "visit-1")
        #expect(Set(marks) == [ReadMark(reader: anna, upTo: 3), ReadMark(reader: nina, upTo: 4)])
    }

    @Test(arguments: RecordPorts.Kind.allCases)
    func auditEntriesAreNumberedAndReadBackByPatient(_ kind: RecordPorts.Kind) throws {
        let ports = try RecordPorts(kind)
        let open = AuditEntry(at: Self.at, actor: "nurse-1", actorKind: "staff", unit: "vc-lovsta", careProvider: "norrsken",
                              patient: "anna", visit: "visit-1", action: "visit.open", detail: "after 3")
        let queue = AuditEntry(at: Self.at, actor: "nurse-1", actorKind: "staff", unit: "vc-lovsta", action: "queue.subscribe")
        var close = open
        close.action = "visit.close"
        close.detail = nil
        guard case .success(.audited(let ids)) = ports.record(.audit([open, queue, close])) else {
            Issue.record("not audited")
            return
        }
        #expect(ids.count == 3 && ids == ids.sorted() && Set(ids).count == 3)
        let stored = try ports.reader.auditEntries(about: "anna", after: 0, limit: 10)
        #expect(stored.map(\.id) == [ids[0], ids[2]])
        #expect(stored.map { var entry = $0; entry.id = nil; return entry } == [open, close])
        #expect(try ports.reader.auditEntries(about: "anna", after: ids[0], limit: 10).map(\.action) == ["visit.close"])
        #expect(ports.record(.audit([])) == .success(.audited(ids: [])))
    }

    @Test(arguments: RecordPorts.Kind.allCases)
    func theOutboxKeepsNotificationsUntilMarkedSent(_ kind: RecordPorts.Kind) throws {
        let ports = try RecordPorts(kind)
        var script = try VisitScript("visit-1")
        let sms = OutboxEntry(created: Self.at, recipient: OutboxEntry.address(of: "anna"), channel: "sms",
                              template: "visit.accepted", payload: Array(#"{"visit":"visit-1"}"#.utf8))
        _ = ports.append(script.first)
        // Queued with the accept, in the same write: a refused append queues nothing.
        let accept = try script.append(.accept, by: VisitScript.nurse, notifying: [sms])
        var gap = accept
        gap.events = gap.events.map { var event = $0; event.seq = 9; return event }
        _ = ports.append(gap)
        #expect(try ports.reader.pendingNotifications(limit: 10).isEmpty)
        _ = ports.append(accept)
        let pending = try ports.reader.pendingNotifications(limit: 10)
        let id = try #require(pending.first?.id)
        #expect(pending.map { var entry = $0; entry.id = nil; return entry } == [sms])

        guard case .success(.enqueued(let second)) = ports.record(.enqueue(sms)) else { Issue.record("not queued"); return }
        #expect(ports.record(.recordFailure(notification: id, error: "gateway down")) == .success(.notificationUpdated(id: id)))
        #expect(ports.record(.markSent(notification: id, at: Self.at)) == .success(.notificationUpdated(id: id)))
        #expect(ports.record(.markSent(notification: id, at: Self.at)) == .success(.notificationUpdated(id: id)))
        let sent = try #require(try ports.reader.notification(id))
        #expect(sent.sent == Self.at && sent.attempts == 2 && sent.lastError == "gateway down")
        #expect(try ports.reader.pendingNotifications(limit: 10).map(\.id) == [second])
        #expect(ports.record(.markSent(notification: 999, at: Self.at)) == .failure(.unknownNotification(999)))
        #expect(ports.record(.recordFailure(notification: 999, error: "x")) == .failure(.unknownNotification(999)))
        #expect(try ports.reader.notification(999) == nil)
    }

    @Test(arguments: RecordPorts.Kind.allCases)
    func thePatientRegisterKeepsTheLatestNameAndNumber(_ kind: RecordPorts.Kind) throws {
        let ports = try RecordPorts(kind)
        let anna = Patient(id: "anna", displayName: "Anna", personalIdentityNumber: "19900101-1234")
        #expect(ports.record(.registerPatient(anna, at: Self.at)) == .success(.patientRegistered))
        var renamed = anna
        renamed.displayName = "Anna Berg"
        #expect(ports.record(.registerPatient(renamed, at: Self.at)) == .success(.patientRegistered))
        #expect(try ports.reader.patient("anna") == renamed)
        #expect(try ports.reader.patient("bo") == nil)
    }
}
