import Care

/// Reads Care's values in their wire form (the inverse of `JSONWriter+Care`), for `EventDecoder`.
extension JSONFields {
    func id<ID: Identifier>(_ key: String, as type: ID.Type = ID.self) throws(WireError) -> ID {
        try identifier(key, as: ID.self, maxBytes: .max)
    }

    func optionalID<ID: Identifier>(_ key: String, as type: ID.Type = ID.self) throws(WireError) -> ID? {
        try optionalIdentifier(key, as: ID.self, maxBytes: .max)
    }

    func instant(_ key: String) throws(WireError) -> Instant {
        Instant(millisecondsSinceEpoch: try integer(key))
    }

    func optionalInstant(_ key: String) throws(WireError) -> Instant? {
        try optionalInteger(key, as: Int64.self).map(Instant.init(millisecondsSinceEpoch:))
    }

    func priority(_ key: String) throws(WireError) -> Priority {
        Priority(rawValue: try integer(key))
    }

    func enumeration<T: RawRepresentable<String>>(_ key: String, as type: T.Type = T.self) throws(WireError) -> T {
        let text = try string(key)
        guard let value = T(rawValue: text) else {
            throw WireError(reason: .badField, message: "\(context): unknown \(key) \"\(text)\"")
        }
        return value
    }

    func optionalEnumeration<T: RawRepresentable<String>>(_ key: String, as type: T.Type = T.self) throws(WireError) -> T? {
        value(key) == nil ? nil : try enumeration(key, as: T.self)
    }

    func resource() throws(WireError) -> Resource {
        Resource(unit: try id("unit"), role: try enumeration("role"))
    }

    func actor(_ key: String) throws(WireError) -> ActorView {
        let actor = try object(key)
        switch try actor.string("kind") {
        case "patient": return .patient(try actor.id("id"))
        case "staff" where actor.value("id") == nil:
            // A patient's view: name and role (either may be unknown), never an id.
            return .namedStaff(name: try actor.optionalString("name"), role: try actor.value("role") == nil ? nil : actor.enumeration("role"))
        case "staff": return .staff(try actor.id("id"))
        case "system": return .system
        case let other: throw WireError(reason: .badField, message: "\(actor.context): unknown kind \"\(other)\"")
        }
    }

    func clinician(_ key: String) throws(WireError) -> Clinician {
        let clinician = try object(key)
        // A patient's view names clinicians without their id: decoded with an empty one.
        let id: StaffID = clinician.value("id") == nil ? StaffID("") : try clinician.id("id")
        return Clinician(id: id, displayName: try clinician.string("name"), role: try clinician.enumeration("role"))
    }

    func optionalPriority(_ key: String) throws(WireError) -> Priority? {
        value(key) == nil ? nil : try priority(key)
    }

    func optionalClinician(_ key: String) throws(WireError) -> Clinician? {
        value(key) == nil ? nil : try clinician(key)
    }

    /// `seq`, `at`, `actor`, `event` of one log event.
    func eventView(visit: VisitID) throws(WireError) -> VisitEventView {
        let body = try object("event")
        return VisitEventView(
            visit: visit, seq: try integer("seq"), at: try instant("at"), actor: try actor("actor"),
            body: try body.eventBody())
    }

    func eventBody() throws(WireError) -> VisitEventView.Body {
        let name = try string("kind")
        guard let kind = EventKind(rawValue: name) else {
            throw WireError(reason: .badField, message: "\(context): unknown event kind \"\(name)\"")
        }
        switch kind {
        case .created:
            return .created(
                kind: try enumeration("visitKind"), patient: try id("patient"), careProvider: try id("careProvider"),
                resource: try resource(), contactReason: try string("contactReason"), text: try optionalString("text"),
                priority: try optionalPriority("priority"))
        case .accepted: return .accepted(by: try clinician("by"))
        case .started: return .started(by: try clinician("by"))
        case .message: return .message(clientMessageID: try optionalID("clientMessageId"), text: try string("text"))
        case .priorityChanged: return .priorityChanged(from: try priority("from"), to: try priority("to"))
        case .ended:
            return .ended(
                asyncPhaseDays: try integer("asyncPhaseDays"), chargeForVisit: try optionalBool("chargeForVisit"),
                asyncPhaseEndsAt: try instant("asyncPhaseEndsAt"))
        case .markedDone: return .markedDone
        case .closed: return .closed(reason: try enumeration("reason"))
        }
    }

    func visitView() throws(WireError) -> VisitView {
        var view = VisitView(
            visit: try id("visit"), kind: try enumeration("kind"), state: try enumeration("state"),
            contactReason: try string("contactReason"), priority: try optionalPriority("priority"),
            arrivedAt: try instant("arrivedAt"), resource: try resource(), lastSeq: try integer("lastSeq"))
        view.responsible = try optionalClinician("responsible")
        view.queuePosition = try optionalInteger("queuePosition")
        view.endedAt = try optionalInstant("endedAt")
        view.asyncPhaseDays = try optionalInteger("asyncPhaseDays")
        view.asyncPhaseEndsAt = try optionalInstant("asyncPhaseEndsAt")
        view.closedAt = try optionalInstant("closedAt")
        view.closingReason = try optionalEnumeration("closingReason")
        view.text = try optionalString("text")
        if let patient = try optionalObject("patient") {
            view.patient = Patient(
                id: try patient.id("id"), displayName: try patient.string("name"),
                personalIdentityNumber: try patient.string("personalIdentityNumber"))
        }
        view.chargeForVisit = try optionalBool("chargeForVisit")
        view.asyncInbox = try optionalString("asyncInbox").map { (name) throws(WireError) in try tab(name) }
        view.patientOnline = try optionalBool("patientOnline")
        return view
    }

    func tab(_ name: String) throws(WireError) -> AsyncInboxStatus {
        guard let tab = InboxItem.tab(named: name) else {
            throw WireError(reason: .badField, message: "\(context): unknown inbox tab \"\(name)\"")
        }
        return tab
    }

    func queueItem() throws(WireError) -> QueueItem {
        QueueItem(
            visit: try id("visit"), patient: try id("patient"), position: try integer("position"),
            kind: try enumeration("kind"), priority: try priority("priority"), contactReason: try string("contactReason"),
            arrivedAt: try instant("arrivedAt"), patientOnline: try bool("patientOnline"),
            patientName: try optionalString("patientName"))
    }

    func inboxItem() throws(WireError) -> InboxItem {
        InboxItem(
            visit: try id("visit"), patient: try id("patient"), contactReason: try string("contactReason"),
            priority: try priority("priority"), lastPatientMessageAt: try optionalInstant("lastPatientMessageAt"),
            asyncPhaseEndsAt: try optionalInstant("asyncPhaseEndsAt"), closedAt: try optionalInstant("closedAt"),
            patientName: try optionalString("patientName"))
    }

    /// Each element of an array of objects, read by `read`.
    func objects<T>(_ key: String, _ read: (JSONFields) throws(WireError) -> T) throws(WireError) -> [T] {
        var result: [T] = []
        for element in try array(key) {
            result.append(try read(try JSONFields(element, context: "\(context).\(key)[]")))
        }
        return result
    }
}
