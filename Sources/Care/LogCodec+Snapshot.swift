/// A visit's snapshot (`visits.snapshot`): the fold of its log up to `lastSeq`, so a load
/// replays only what came after. Version 2 is written; `SnapshotFormat` reads 1 and 2.
extension LogCodec {
    public static func snapshot(_ visit: Visit) -> [UInt8] {
        var w = LogWriter(version: version, capacity: 512)
        w.field("id", visit.id.rawValue)
        w.field("kind", visit.kind.rawValue)
        w.field("patient", visit.patient.rawValue)
        w.field("careProvider", visit.careProvider.rawValue)
        w.key("resource")
        w.write(visit.resource)
        w.field("contactReason", visit.contactReason)
        w.field("text", visit.text)
        w.field("priority", visit.priority.rawValue)
        w.field("arrivedAt", visit.arrivedAt.millisecondsSinceEpoch)
        switch visit.state {
        case .waiting: w.field("state", "waiting")
        case .accepted(let by):
            w.field("state", "accepted")
            w.field("acceptedBy", by.rawValue)
        case .inProgress: w.field("state", "inProgress")
        case .asyncPhase(let until):
            w.field("state", "asyncPhase")
            w.field("asyncPhaseUntil", until.millisecondsSinceEpoch)
        case .closed: w.field("state", "closed")
        }
        if let responsible = visit.responsible {
            w.key("responsible")
            w.write(responsible)
        }
        w.field("endedAt", ifPresent: visit.endedAt?.millisecondsSinceEpoch)
        w.field("asyncPhaseDays", ifPresent: visit.asyncPhaseDays)
        w.field("chargeForVisit", ifPresent: visit.chargeForVisit)
        w.field("asyncInbox", ifPresent: visit.asyncInbox?.rawValue)
        w.field("lastPatientMessageAt", ifPresent: visit.lastPatientMessageAt?.millisecondsSinceEpoch)
        w.field("closedAt", ifPresent: visit.closedAt?.millisecondsSinceEpoch)
        w.field("closingReason", ifPresent: visit.closingReason?.rawValue)
        w.field("lastSeq", visit.lastSeq)
        if let staffOnlySeqs = visit.staffOnlySeqs {
            w.array("staffOnlySeqs", staffOnlySeqs) { w, seq in w.number(Int64(clamping: seq)) }
        }
        // Oldest first, so the same visit always gives the same bytes.
        w.array("messageSeqs", visit.messageSeqs.sorted { $0.value < $1.value }) { w, entry in
            w.object { w in
                w.field("actor", actorKey(entry.key.author))
                w.field("clientMessageID", entry.key.clientMessageID.rawValue)
                w.field("seq", entry.value)
            }
        }
        return w.finish()
    }

    public static func visit(snapshot bytes: [UInt8]) throws(LogFormatError) -> Visit {
        let version = version(of: bytes)
        guard (1...Self.version).contains(version) else {
            throw LogFormatError("snapshot: format version \(version) is not one this server reads (1-\(Self.version))")
        }
        return Visit(restoring: try decode(SnapshotFormat.self, bytes, "snapshot").fields)
    }
}
