/// `visits.snapshot` in every version. Version 1 (migrations 1-6) is what Swift synthesised
/// for `Visit`'s `Codable`; version 2 (`"v":2`) keeps its field names but spells out the three
/// shapes that were Swift's own: the state, the responsible clinician, the recent client ids.
///
///     state         v1 {"waiting":{}} {"accepted":{"by":"s-1"}} {"asyncPhase":{"until":ms}} …
///                   v2 "state":"accepted","acceptedBy":"s-1" / "state":"asyncPhase","asyncPhaseUntil":ms
///     responsible   v1 {"id","displayName","role"}   v2 {"id","name","role"} (as in payloads)
///     messageSeqs   v1 [{"author":{"patient":{"_0":"anna"}},"clientMessageID":"a-1"},5,…]
///                   v2 [{"actor":"patient:anna","clientMessageID":"a-1","seq":5},…]
struct SnapshotFormat: Decodable {
    let fields: SnapshotFields

    enum CodingKeys: String, CodingKey {
        case v = "v", id = "id", kind = "kind", patient = "patient", careProvider = "careProvider", resource = "resource"
        case contactReason = "contactReason", text = "text", priority = "priority", arrivedAt = "arrivedAt"
        case state = "state", acceptedBy = "acceptedBy", asyncPhaseUntil = "asyncPhaseUntil", responsible = "responsible"
        case endedAt = "endedAt", asyncPhaseDays = "asyncPhaseDays", chargeForVisit = "chargeForVisit"
        case asyncInbox = "asyncInbox", lastPatientMessageAt = "lastPatientMessageAt", closedAt = "closedAt"
        case closingReason = "closingReason", lastSeq = "lastSeq", staffOnlySeqs = "staffOnlySeqs", messageSeqs = "messageSeqs"
    }

    /// The names of `VisitState`'s cases in both versions.
    enum StateName: String, CodingKey {
        case waiting = "waiting", accepted = "accepted", inProgress = "inProgress", asyncPhase = "asyncPhase", closed = "closed"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let v2 = try c.decodeIfPresent(Int.self, forKey: .v) == 2
        fields = SnapshotFields(
            id: try c.value(.id), kind: try c.value(.kind), patient: try c.value(.patient), careProvider: try c.value(.careProvider),
            resource: try c.decode(ResourceFormat.self, forKey: .resource).resource,
            contactReason: try c.decode(String.self, forKey: .contactReason), text: try c.decode(String.self, forKey: .text),
            priority: try c.value(.priority), arrivedAt: try c.instant(.arrivedAt),
            state: v2 ? try Self.stateV2(c) : try Self.stateV1(c),
            responsible: v2
                ? try c.decodeIfPresent(ClinicianV2.self, forKey: .responsible)?.clinician
                : try c.decodeIfPresent(ClinicianV1.self, forKey: .responsible)?.clinician,
            endedAt: try c.optionalInstant(.endedAt), asyncPhaseDays: try c.decodeIfPresent(Int.self, forKey: .asyncPhaseDays),
            chargeForVisit: try c.decodeIfPresent(Bool.self, forKey: .chargeForVisit), asyncInbox: try c.optionalValue(.asyncInbox),
            lastPatientMessageAt: try c.optionalInstant(.lastPatientMessageAt), closedAt: try c.optionalInstant(.closedAt),
            closingReason: try c.optionalValue(.closingReason), lastSeq: try c.decode(UInt64.self, forKey: .lastSeq),
            staffOnlySeqs: try c.decodeIfPresent([UInt64].self, forKey: .staffOnlySeqs),
            messageSeqs: c.contains(.messageSeqs) ? (v2 ? try Self.messageSeqsV2(c) : try Self.messageSeqsV1(c)) : [:])
    }

    private static func stateV1(_ c: KeyedDecodingContainer<CodingKeys>) throws -> VisitState {
        enum Field: String, CodingKey { case by = "by", until = "until" }
        let cases = try c.nestedContainer(keyedBy: StateName.self, forKey: .state)
        guard let name = cases.allKeys.first, cases.allKeys.count == 1 else {
            throw DecodingError.dataCorruptedError(forKey: .state, in: c, debugDescription: "not one state")
        }
        let f = try cases.nestedContainer(keyedBy: Field.self, forKey: name)
        return try state(name, by: { () throws -> StaffID in try f.value(.by) }, until: { () throws -> Instant in try f.instant(.until) })
    }

    private static func stateV2(_ c: KeyedDecodingContainer<CodingKeys>) throws -> VisitState {
        try state(try c.value(.state), by: { () throws -> StaffID in try c.value(.acceptedBy) },
                  until: { () throws -> Instant in try c.instant(.asyncPhaseUntil) })
    }

    private static func state(_ name: StateName, by: () throws -> StaffID, until: () throws -> Instant) throws -> VisitState {
        switch name {
        case .waiting: .waiting
        case .accepted: .accepted(by: try by())
        case .inProgress: .inProgress
        case .asyncPhase: .asyncPhase(until: try until())
        case .closed: .closed
        }
    }

    /// Swift encodes a dictionary with struct keys as an array of key, value, key, value, ….
    private static func messageSeqsV1(_ c: KeyedDecodingContainer<CodingKeys>) throws -> [Visit.MessageKey: UInt64] {
        enum Field: String, CodingKey { case author = "author", clientMessageID = "clientMessageID" }
        var list = try c.nestedUnkeyedContainer(forKey: .messageSeqs)
        var seqs: [Visit.MessageKey: UInt64] = [:]
        while !list.isAtEnd {
            let key = try list.nestedContainer(keyedBy: Field.self)
            let author = try key.decode(PartyV1.self, forKey: .author).party
            seqs[Visit.MessageKey(author: author, clientMessageID: try key.value(.clientMessageID))] = try list.decode(UInt64.self)
        }
        return seqs
    }

    private static func messageSeqsV2(_ c: KeyedDecodingContainer<CodingKeys>) throws -> [Visit.MessageKey: UInt64] {
        enum Field: String, CodingKey { case actor = "actor", clientMessageID = "clientMessageID", seq = "seq" }
        var list = try c.nestedUnkeyedContainer(forKey: .messageSeqs)
        var seqs: [Visit.MessageKey: UInt64] = [:]
        while !list.isAtEnd {
            let entry = try list.nestedContainer(keyedBy: Field.self)
            let key = try entry.decode(String.self, forKey: .actor)
            guard let author = LogCodec.actor(key: key) else {
                throw DecodingError.dataCorruptedError(forKey: .actor, in: entry, debugDescription: "unknown actor \(key)")
            }
            seqs[Visit.MessageKey(author: author, clientMessageID: try entry.value(.clientMessageID))] =
                try entry.decode(UInt64.self, forKey: .seq)
        }
        return seqs
    }
}
