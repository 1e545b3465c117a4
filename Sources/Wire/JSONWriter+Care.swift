import Care

/// How Care's values look on the wire. Ids are bare strings, instants bare numbers
/// (milliseconds since the Unix epoch, UTC), enums their case names.
extension JSONWriter {
    mutating func writeActor(_ actor: ActorView) {
        object { w in
            switch actor {
            case .patient(let id):
                w.field("kind", "patient")
                w.field("id", id.rawValue)
            case .staff(let id):
                w.field("kind", "staff")
                w.field("id", id.rawValue)
            case .namedStaff(let name, let role):
                w.field("kind", "staff")
                w.field("name", ifPresent: name)
                w.field("role", ifPresent: role?.rawValue)
            case .system:
                w.field("kind", "system")
            }
        }
    }

    /// A clinician; a patient's view has no id (`Clinician.withoutID`), so none is written.
    mutating func writeClinician(_ clinician: Clinician) {
        object { w in
            if !clinician.id.rawValue.isEmpty { w.field("id", clinician.id.rawValue) }
            w.field("name", clinician.displayName)
            w.field("role", clinician.role.rawValue)
        }
    }

    mutating func writeResource(_ resource: Resource) {
        field("unit", resource.unit.rawValue)
        field("role", resource.role.rawValue)
    }

    /// `seq`, `at`, `actor`, `event` (the envelope's `visit` is written by the caller, or
    /// implied by the `history` page).
    mutating func writeEventFields(_ event: VisitEventView) {
        field("seq", event.seq)
        field("at", event.at.millisecondsSinceEpoch)
        key("actor")
        writeActor(event.actor)
        key("event")
        writeBody(event.body)
    }

    mutating func writeBody(_ body: VisitEventView.Body) {
        object { w in
            w.field("kind", body.kind.rawValue)
            switch body {
            case .created(let kind, let patient, let careProvider, let resource, let contactReason, let text, let priority):
                w.field("visitKind", kind.rawValue)
                w.field("patient", patient.rawValue)
                w.field("careProvider", careProvider.rawValue)
                w.writeResource(resource)
                w.field("contactReason", contactReason)
                w.field("text", ifPresent: text)
                w.field("priority", ifPresent: priority?.rawValue)
            case .accepted(let by), .started(let by):
                w.key("by")
                w.writeClinician(by)
            case .message(let clientMessageID, let text):
                w.field("clientMessageId", ifPresent: clientMessageID?.rawValue)
                w.field("text", text)
            case .priorityChanged(let from, let to):
                w.field("from", from.rawValue)
                w.field("to", to.rawValue)
            case .ended(let days, let charge, let endsAt):
                w.field("asyncPhaseDays", days)
                w.field("chargeForVisit", ifPresent: charge)
                w.field("asyncPhaseEndsAt", endsAt.millisecondsSinceEpoch)
            case .markedDone:
                break
            case .closed(let reason):
                w.field("reason", reason.rawValue)
            }
        }
    }

    mutating func writeVisitView(_ view: VisitView) {
        field("visit", view.visit.rawValue)
        field("lastSeq", view.lastSeq)
        field("kind", view.kind.rawValue)
        field("state", view.state.rawValue)
        field("contactReason", view.contactReason)
        field("priority", ifPresent: view.priority?.rawValue)
        field("arrivedAt", view.arrivedAt.millisecondsSinceEpoch)
        writeResource(view.resource)
        if let responsible = view.responsible {
            key("responsible")
            writeClinician(responsible)
        }
        field("queuePosition", ifPresent: view.queuePosition)
        field("endedAt", ifPresent: view.endedAt?.millisecondsSinceEpoch)
        field("asyncPhaseDays", ifPresent: view.asyncPhaseDays)
        field("asyncPhaseEndsAt", ifPresent: view.asyncPhaseEndsAt?.millisecondsSinceEpoch)
        field("closedAt", ifPresent: view.closedAt?.millisecondsSinceEpoch)
        field("closingReason", ifPresent: view.closingReason?.rawValue)
        field("text", ifPresent: view.text)
        if let patient = view.patient {
            key("patient")
            object { w in
                w.field("id", patient.id.rawValue)
                w.field("name", patient.displayName)
                w.field("personalIdentityNumber", patient.personalIdentityNumber)
            }
        }
        field("chargeForVisit", ifPresent: view.chargeForVisit)
        field("asyncInbox", ifPresent: view.asyncInbox.map(InboxItem.tabName))
        field("patientOnline", ifPresent: view.patientOnline)
    }

    mutating func writeQueueItem(_ item: QueueItem, includingVisit: Bool = true) {
        if includingVisit { field("visit", item.visit.rawValue) }
        field("position", item.position)
        field("patient", item.patient.rawValue)
        field("patientName", ifPresent: item.patientName)
        field("kind", item.kind.rawValue)
        field("priority", item.priority.rawValue)
        field("contactReason", item.contactReason)
        field("arrivedAt", item.arrivedAt.millisecondsSinceEpoch)
        field("patientOnline", item.patientOnline)
    }

    mutating func writeInboxItem(_ item: InboxItem, includingVisit: Bool = true) {
        if includingVisit { field("visit", item.visit.rawValue) }
        field("patient", item.patient.rawValue)
        field("patientName", ifPresent: item.patientName)
        field("contactReason", item.contactReason)
        field("priority", item.priority.rawValue)
        field("lastPatientMessageAt", ifPresent: item.lastPatientMessageAt?.millisecondsSinceEpoch)
        field("asyncPhaseEndsAt", ifPresent: item.asyncPhaseEndsAt?.millisecondsSinceEpoch)
        field("closedAt", ifPresent: item.closedAt?.millisecondsSinceEpoch)
    }

    mutating func writeWelcome(_ welcome: Welcome) {
        key("principal")
        object { w in
            w.field("kind", welcome.kind.rawValue)
            w.field("id", welcome.subject)
            w.field("name", welcome.name)
            w.field("careProvider", ifPresent: welcome.careProvider?.rawValue)
            w.field("role", ifPresent: welcome.role?.rawValue)
            if welcome.kind == .staff {
                w.key("units")
                w.array(welcome.units) { w, unit in w.string(unit.rawValue) }
                w.key("rights")
                w.array(welcome.rights) { w, right in w.string(right.rawValue) }
            }
        }
        field("serverTime", welcome.serverTime.millisecondsSinceEpoch)
        field("expiresAt", ifPresent: welcome.expiresAt?.millisecondsSinceEpoch)
    }
}
