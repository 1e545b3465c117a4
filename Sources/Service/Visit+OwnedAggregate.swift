import Care

/// A visit as the desk's first aggregate: its log and read marks come from the record ports.
extension Visit: OwnedAggregate {
    typealias Reading = Subscription
    typealias Companion = VisitCompanion
    /// An accept's append carries the patient's notification: wake the sender after the commit.
    typealias Effects = Bool
    typealias Log = any RecordReader
    typealias Port = RecordPort

    var key: VisitID { id }

    static func seq(of event: VisitEvent) -> UInt64 { event.seq }

    init(creating event: VisitEvent) throws { try self.init(event) }

    /// Rebuilds a visit from its log (the truth; the projection row is only a summary).
    static func load(_ id: VisitID, from reader: any RecordReader) throws -> (Visit, VisitCompanion, events: [VisitEvent])? {
        guard try reader.summary(of: id) != nil else { return nil }
        var events: [VisitEvent] = []
        let page = 1_000
        while true {
            let logged = try reader.events(of: id, after: events.last?.seq ?? 0, limit: page)
            for entry in logged { events.append(entry.event) }
            if logged.count < page { break }
        }
        let visit = try Visit.replay(events)
        var receipts = ReadReceipts()
        for mark in try reader.readMarks(of: id) where mark.upTo > 0 {
            _ = receipts.markRead(by: mark.reader, upTo: mark.upTo, lastSeq: visit.lastSeq)  // a damaged file: never a trap
        }
        return (visit, VisitCompanion(receipts: receipts), events)
    }

    static func events(of id: VisitID, after seq: UInt64, limit: Int, from reader: any RecordReader) throws -> [VisitEvent] {
        try reader.events(of: id, after: seq, limit: limit).map(\.event)
    }
}
