/// Log format version 1 (migrations 1-6, until issue 23): the whole event, as Swift synthesised
/// `VisitEvent`'s `Codable`, frozen here so old databases still open. Keys come in any order;
/// an enum case is an object holding its associated values by label (`_0` when unlabelled):
///
///     {"visit":"v-1","seq":5,"at":1700000000000,"actor":{"patient":{"_0":"anna"}},
///      "body":{"message":{"clientMessageID":"a-1","text":"Tack"}}}
struct EventV1: Decodable {
    let event: VisitEvent

    enum CodingKeys: String, CodingKey { case visit = "visit", seq = "seq", at = "at", actor = "actor", body = "body" }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        event = VisitEvent(visit: try c.value(.visit), seq: try c.decode(UInt64.self, forKey: .seq), at: try c.instant(.at),
                           actor: try c.decode(PartyV1.self, forKey: .actor).party,
                           body: try c.decode(BodyV1.self, forKey: .body).body)
    }
}

/// `{"patient":{"_0":"anna"}}`, `{"staff":{"_0":"nurse-1"}}`, `{"system":{}}`.
struct PartyV1: Decodable {
    let party: Party

    enum Case: String, CodingKey { case patient = "patient", staff = "staff", system = "system" }
    enum Value: String, CodingKey { case id = "_0" }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Case.self)
        if c.contains(.patient) {
            party = .patient(try c.nestedContainer(keyedBy: Value.self, forKey: .patient).value(.id))
        } else if c.contains(.staff) {
            party = .staff(try c.nestedContainer(keyedBy: Value.self, forKey: .staff).value(.id))
        } else if c.contains(.system) {
            party = .system
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown party"))
        }
    }
}

/// `{"displayName":"Nina","id":"nurse-1","role":"nurse"}`.
struct ClinicianV1: Decodable {
    let clinician: Clinician

    enum CodingKeys: String, CodingKey { case id = "id", displayName = "displayName", role = "role" }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        clinician = Clinician(id: try c.value(.id), displayName: try c.decode(String.self, forKey: .displayName),
                              role: try c.value(.role))
    }
}

/// The body: one key, the case's name, holding its associated values.
struct BodyV1: Decodable {
    let body: VisitEvent.Body

    enum Case: String, CodingKey {
        case created = "created", accepted = "accepted", started = "started", message = "message"
        case priorityChanged = "priorityChanged", ended = "ended", markedDone = "markedDone", closed = "closed"
    }

    enum Field: String, CodingKey {
        case kind = "kind", patient = "patient", careProvider = "careProvider", resource = "resource"
        case contactReason = "contactReason", text = "text", priority = "priority", by = "by"
        case clientMessageID = "clientMessageID", from = "from", to = "to", asyncPhaseDays = "asyncPhaseDays"
        case chargeForVisit = "chargeForVisit", asyncPhaseEndsAt = "asyncPhaseEndsAt", reason = "reason"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Case.self)
        guard let name = c.allKeys.first, c.allKeys.count == 1 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not one event body"))
        }
        let f = try c.nestedContainer(keyedBy: Field.self, forKey: name)
        switch name {
        case .created:
            body = .created(kind: try f.value(.kind), patient: try f.value(.patient), careProvider: try f.value(.careProvider),
                            resource: try f.decode(ResourceFormat.self, forKey: .resource).resource,
                            contactReason: try f.decode(String.self, forKey: .contactReason),
                            text: try f.decode(String.self, forKey: .text), priority: try f.value(.priority))
        case .accepted: body = .accepted(by: try f.decode(ClinicianV1.self, forKey: .by).clinician)
        case .started: body = .started(by: try f.decode(ClinicianV1.self, forKey: .by).clinician)
        case .message:
            body = .message(clientMessageID: try f.optionalValue(.clientMessageID), text: try f.decode(String.self, forKey: .text))
        case .priorityChanged: body = .priorityChanged(from: try f.value(.from), to: try f.value(.to))
        case .ended:
            body = .ended(asyncPhaseDays: try f.decode(Int.self, forKey: .asyncPhaseDays),
                          chargeForVisit: try f.decode(Bool.self, forKey: .chargeForVisit),
                          asyncPhaseEndsAt: try f.instant(.asyncPhaseEndsAt))
        case .markedDone: body = .markedDone
        case .closed: body = .closed(reason: try f.value(.reason))
        }
    }
}
