import Care
import Service
import Wire

/// Reads the boards serve (a queue or an inbox snapshot, then its changes), held until their
/// audit record commits through this loop's desk: no snapshot leaves before the record of who
/// read it is durable. Tokens are this loop's; the desk hands them back in `.readAudited`.
final class AuditedReads {
    enum Read {
        case queue(Resource, Principal, Subscriber, CommandID)
        case inbox(StaffMember, Subscriber, CommandID)

        var subscriber: Subscriber {
            switch self {
            case .queue(_, _, let subscriber, _), .inbox(_, let subscriber, _): subscriber
            }
        }

        var id: CommandID {
            switch self {
            case .queue(_, _, _, let id), .inbox(_, _, let id): id
            }
        }
    }

    let desk: VisitDesk
    let publisher: Publisher
    private var waiting: [UInt64: Read] = [:]
    private var nextToken: UInt64 = 1

    init(desk: VisitDesk, publisher: Publisher) {
        self.desk = desk
        self.publisher = publisher
    }

    /// Submits the audit record; `read` is served once it is durable, refused now when the
    /// store is busy.
    func begin(_ read: Read, record: AuditEntry) {
        let token = nextToken
        nextToken += 1
        if desk.auditRead(record, token: token) {
            waiting[token] = read
        } else {
            publisher.send(Publisher.event(for: .busy, id: read.id), to: read.subscriber)
        }
    }

    /// The desk answered `token`: the read to serve, or nil (refused with an error, or its
    /// connection closed meanwhile).
    func settle(_ token: UInt64, durable: Bool) -> Read? {
        guard let read = waiting.removeValue(forKey: token) else { return nil }
        guard durable else {
            publisher.send(Publisher.event(for: .internal, id: read.id), to: read.subscriber)
            return nil
        }
        return read
    }

    /// Records of reads that ended (a watch stopped), retried by the desk while refused.
    func audit(_ records: [AuditEntry], now: Instant) {
        desk.audit(records, now: now)
    }

    func disconnected(_ subscriber: Subscriber) {
        waiting = waiting.filter { $0.value.subscriber != subscriber }
    }
}
