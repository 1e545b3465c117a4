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
