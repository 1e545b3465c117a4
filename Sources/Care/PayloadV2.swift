/// Log format version 2: an event's payload holds only what its row's columns do not (visit,
/// seq, at, actor, kind and client id are columns). Every field is optional here; the kind
/// (a column) says which are required. docs/log-format.md has the table.
struct PayloadV2: Decodable {
    var v: Int
    var visitKind: VisitKind?
    var patient: PatientID?
    var careProvider: CareProviderID?
    var resource: Resource?
    var contactReason: String?
    var text: String?
    var priority: Priority?
    var by: Clinician?
    var from: Priority?
    var to: Priority?
    var asyncPhaseDays: Int?
    var chargeForVisit: Bool?
    var asyncPhaseEndsAt: Instant?
    var reason: VisitEvent.ClosingReason?

    enum CodingKeys: String, CodingKey {
        case v = "v", visitKind = "visitKind", patient = "patient", careProvider = "careProvider", resource = "resource"
        case contactReason = "contactReason", text = "text", priority = "priority", by = "by", from = "from", to = "to"
        case asyncPhaseDays = "asyncPhaseDays", chargeForVisit = "chargeForVisit", asyncPhaseEndsAt = "asyncPhaseEndsAt"
        case reason = "reason"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        v = try c.decode(Int.self, forKey: .v)
        visitKind = try c.optionalValue(.visitKind)
        patient = try c.optionalValue(.patient)
        careProvider = try c.optionalValue(.careProvider)
        resource = try c.decodeIfPresent(ResourceFormat.self, forKey: .resource)?.resource
        contactReason = try c.decodeIfPresent(String.self, forKey: .contactReason)
        text = try c.decodeIfPresent(String.self, forKey: .text)
        priority = try c.optionalValue(.priority)
        by = try c.decodeIfPresent(ClinicianV2.self, forKey: .by)?.clinician
        from = try c.optionalValue(.from)
        to = try c.optionalValue(.to)
        asyncPhaseDays = try c.decodeIfPresent(Int.self, forKey: .asyncPhaseDays)
        chargeForVisit = try c.decodeIfPresent(Bool.self, forKey: .chargeForVisit)
        asyncPhaseEndsAt = try c.optionalInstant(.asyncPhaseEndsAt)
        reason = try c.optionalValue(.reason)
    }

    func body(_ kind: EventKind, clientMessageID: ClientMessageID?, _ name: String) throws(LogFormatError) -> VisitEvent.Body {
        func need<T>(_ value: T?, _ field: String) throws(LogFormatError) -> T {
            guard let value else { throw LogFormatError("\(name): \(kind.rawValue) without \(field)") }
            return value
        }
        switch kind {
        case .created:
            return .created(kind: try need(visitKind, "visitKind"), patient: try need(patient, "patient"),
                            careProvider: try need(careProvider, "careProvider"), resource: try need(resource, "resource"),
                            contactReason: try need(contactReason, "contactReason"), text: try need(text, "text"),
                            priority: try need(priority, "priority"))
        case .accepted: return .accepted(by: try need(by, "by"))
        case .started: return .started(by: try need(by, "by"))
        case .message: return .message(clientMessageID: clientMessageID, text: try need(text, "text"))
        case .priorityChanged: return .priorityChanged(from: try need(from, "from"), to: try need(to, "to"))
        case .ended:
            return .ended(asyncPhaseDays: try need(asyncPhaseDays, "asyncPhaseDays"),
                          chargeForVisit: try need(chargeForVisit, "chargeForVisit"),
                          asyncPhaseEndsAt: try need(asyncPhaseEndsAt, "asyncPhaseEndsAt"))
        case .markedDone: return .markedDone
        case .closed: return .closed(reason: try need(reason, "reason"))
        }
    }
}
