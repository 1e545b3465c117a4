import Care
@testable import Wire

/// One sample of every command and event, with every optional field set where the type has
/// one (so round trips and golden files cover each field). Names are the golden files' names.
enum Samples {
    static let visit: VisitID = "v-8K2Q"
    static let pia = Patient(id: "patient-pia", displayName: "Pia Persson", personalIdentityNumber: "19800101-1234")
    static let anna = Clinician(id: "staff-anna", displayName: "Anna Berg", role: .nurse)
    static let nurses = Resource(unit: "vc-bjorkdalen", role: .nurse)
    static let t0 = Instant(millisecondsSinceEpoch: 1_767_225_600_000)  // 2026-01-01T00:00:00Z

    static let commands: [(name: String, command: ClientCommand)] = [
        ("hello", ClientCommand(id: "c-1", .hello(token: "eyJhbGciOiJIUzI1NiJ9.e30.sig", resume: [visit: 41, "v-2": 7]))),
        ("visit.create", ClientCommand(id: "c-2", .createVisit(contactReason: "Halsont", text: "Ont i halsen sedan tre dagar.", priority: 3))),
        ("visit.open", ClientCommand(id: "c-3", .open(visit, after: 41))),
        ("visit.close", ClientCommand(id: "c-4", .close(visit))),
        ("visit.history", ClientCommand(id: "c-5", .history(visit, before: 40, limit: 20))),
        ("queue.subscribe", ClientCommand(id: "c-6", .subscribeQueue(nurses))),
        ("queue.unsubscribe", ClientCommand(id: "c-7", .unsubscribeQueue(nurses))),
        ("inbox.subscribe", ClientCommand(id: "c-8", .subscribeInbox)),
        ("visit.accept", ClientCommand(id: "c-9", .accept(visit))),
        ("visit.start", ClientCommand(id: "c-10", .start(visit))),
        ("message.send", ClientCommand(id: "c-17", .sendMessage(visit, text: "Hej! Det gör ont när jag sväljer. \"Feber\" 38,5°"))),
        ("typing", ClientCommand(id: "c-18", .typing(visit))),
        ("read", ClientCommand(id: "c-19", .read(visit, upTo: 42))),
        ("visit.priority", ClientCommand(id: "c-20", .changePriority(visit, to: 2))),
        ("visit.end", ClientCommand(id: "c-21", .end(visit, asyncPhaseDays: 14, chargeForVisit: true))),
        ("visit.markDone", ClientCommand(id: "c-22", .markDone(visit))),
        ("directory.search", ClientCommand(id: "c-30", .searchDirectory(query: "ake str", limit: 20))),
        ("directory.browse", ClientCommand(id: "c-31", .browseDirectory(.init(unit: "vc-lovsta", role: .doctor)))),
        ("directory.lookup", ClientCommand(id: "c-32", .lookupDirectory(["staff-ake", "staff-anna"]))),
    ]

    static let ake = DirectoryView.Person(
        staff: "staff-ake", hsaID: "SE5599990008-N0005", name: "Åke Strand", role: .doctor,
        units: [.init(unit: "vc-lovsta", name: "Vårdcentralen Lövsta"), .init(unit: "na-sodra", name: "Närakuten Södra")])
    static let lovsta = DirectoryView.UnitRoles(
        unit: "vc-lovsta", name: "Vårdcentralen Lövsta", roles: [.init(role: .nurse, people: 1), .init(role: .doctor, people: 1)])

    static let created = VisitEventView(
        visit: visit, seq: 1, at: t0, actor: .patient(pia.id),
        body: .created(
            kind: .dropIn, patient: pia.id, careProvider: "norrsken", resource: nurses,
            contactReason: "Halsont", text: "Ont i halsen sedan tre dagar.", priority: 3))
    static let message = VisitEventView(
        visit: visit, seq: 4, at: t0.adding(milliseconds: 90_000), actor: .patient(pia.id),
        body: .message(clientMessageID: "c-17", text: "Hej!\nDet gör ont."))
    static let ended = VisitEventView(
        visit: visit, seq: 9, at: t0.adding(milliseconds: 600_000), actor: .staff(anna.id),
        body: .ended(asyncPhaseDays: 14, chargeForVisit: true, asyncPhaseEndsAt: t0.adding(days: 14).adding(milliseconds: 600_000)))

    static var visitView: VisitView {
        var view = VisitView(
            visit: visit, kind: .dropIn, state: .asyncPhase, contactReason: "Halsont", priority: 3, arrivedAt: t0,
            resource: nurses, lastSeq: 9)
        view.responsible = anna
        view.endedAt = t0.adding(milliseconds: 600_000)
        view.asyncPhaseDays = 14
        view.asyncPhaseEndsAt = t0.adding(days: 14).adding(milliseconds: 600_000)
        view.text = "Ont i halsen sedan tre dagar."
        view.patient = pia
        view.chargeForVisit = true
        view.asyncInbox = .noActionRequired
        view.patientOnline = true
        return view
    }

    static let queueItem = QueueItem(
        visit: visit, patient: pia.id, position: 2, kind: .dropIn, priority: 3, contactReason: "Halsont", arrivedAt: t0,
        patientOnline: true, patientName: pia.displayName)
    static let inboxItem = InboxItem(
        visit: visit, patient: pia.id, contactReason: "Halsont", priority: 3, lastPatientMessageAt: t0.adding(days: 2),
        asyncPhaseEndsAt: t0.adding(days: 14), patientName: pia.displayName)

    static let events: [(name: String, event: ServerEvent)] = [
        ("welcome", .welcome(Welcome(
            id: "c-1", kind: .staff, subject: "staff-anna", name: "Anna Berg", careProvider: "norrsken",
            units: ["vc-bjorkdalen", "vc-lovsta"], role: .nurse, rights: [.billing], serverTime: t0,
            expiresAt: t0.adding(milliseconds: 3_600_000)))),
        ("ack", .ack("c-17", visit: visit, seq: 4)),
        ("error", .error(CareError.conflict(.alreadyAccepted), id: "c-9", visit: visit)),
        ("visit", .visit(visitView, id: "c-3")),
        ("visit.event", .visitEvent(created)),
        ("history", .history(visit, events: [created, message, ended], hasMore: false, id: "c-5")),
        ("queue", .queue(nurses, entries: [queueItem], id: "c-6")),
        ("queue.added", .queueAdded(nurses, queueItem)),
        ("queue.updated", .queueUpdated(nurses, queueItem)),
        ("queue.removed", .queueRemoved(nurses, visit)),
        ("position", .position(visit, position: 2)),
        ("inbox", .inbox(InboxView(inbox: [inboxItem], requiresNoAction: [], ended: []), id: "c-8")),
        ("inbox.updated", .inboxUpdated(inboxItem, tab: .needsAction, position: 1)),
        ("typing", .typing(visit, by: .staff(anna.id))),
        ("receipt", .receipt(visit, by: .patient(pia.id), upTo: 4)),
        ("presence", .presence(pia.id, online: false)),
        ("reload", .reload(visit)),
        ("visit.unsubscribed", .unsubscribed(visit, reason: .accessEnded)),
        ("directory.units", .directoryUnits("norrsken", name: "Vårdbolaget Norrsken", units: [lovsta], id: "c-31")),
        ("directory.people", .directoryPeople([ake], more: false, id: "c-30")),
    ]

    /// Every body kind, in both views, for the round trips (the golden set has three of them).
    static let allBodies: [VisitEventView] = [
        created, message, ended,
        VisitEventView(visit: visit, seq: 2, at: t0, actor: .staff(anna.id), body: .accepted(by: anna)),
        VisitEventView(visit: visit, seq: 3, at: t0, actor: .staff(anna.id), body: .started(by: anna)),
        VisitEventView(visit: visit, seq: 5, at: t0, actor: .staff(anna.id), body: .message(clientMessageID: nil, text: "Välkommen")),
        VisitEventView(visit: visit, seq: 6, at: t0, actor: .staff(anna.id), body: .priorityChanged(from: 3, to: 2)),
        VisitEventView(visit: visit, seq: 10, at: t0, actor: .staff(anna.id), body: .markedDone),
        VisitEventView(visit: visit, seq: 11, at: t0, actor: .system, body: .closed(reason: .asyncPhaseExpired)),
    ]
}
