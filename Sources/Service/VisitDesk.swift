import Care

/// The visits one loop owns (see `VisitOwnership`), turning commands into decisions (Care),
/// persisting them (through the `RecordWriter` port), and only then telling everyone (`Outcome`s
/// through the sink).
///
/// Loop-confined: every call, including `committed(_:)`, happens on the owning loop's thread.
/// Commands for a visit are decided in arrival order against its state including the writes in
/// flight, so pipelined sends get consecutive seqs and the writer commits them in one batch;
/// nobody hears of an event, and nobody gets an ack, before its commit result is back.
public final class VisitDesk {
    public let loop: Int
    public let ownership: VisitOwnership
    /// The generic half: owned visits, writes in flight, commits, reloads, resumes.
    let desk: Desk<Visit, VisitSideWrite>
    let sink: any OutcomeSink
    var ids: any VisitIDSource
    /// Live subscriptions by subscriber.
    var subscriptions: [Subscriber: Set<VisitID>] = [:]
    /// Opens waiting for their audit record, by the ticket of that record's write (a close or a
    /// disconnect meanwhile removes them, and the open then delivers nothing).
    var opening: [UInt64: (subscriber: Subscriber, visit: VisitID)] = [:]
    /// This desk's share of each queue: the waiting visits it owns.
    public private(set) var queues: [Resource: Queue] = [:]
    /// Audit records the store refused (busy or failed); retried from `expire(now:)`.
    var auditBacklog: [AuditEntry] = []
    var auditRetryAt: Instant?
    static let auditRetryMilliseconds: Int64 = 1_000
    /// A history page ends early (the newest events kept, `hasMore` set) past this many bytes of
    /// logged events: 200 messages of 8,000 bytes, escaped, would otherwise make one frame of
    /// several megabytes. A single event is always sent, whatever its size.
    public static let historyPageBytes = 512 * 1024

    public init(loop: Int, ownership: VisitOwnership, writer: any RecordWriter, reader: any RecordReader,
                inbox: any CommitInbox, sink: any OutcomeSink, ids: any VisitIDSource = RandomVisitIDs(),
                tailLimit: Int = 256) {
        precondition(loop >= 0 && loop < ownership.loops)
        self.loop = loop
        self.ownership = ownership
        desk = Desk(port: RecordPort(writer: writer), inbox: inbox, log: reader, tailLimit: tailLimit)
        self.sink = sink
        self.ids = ids
    }

    /// Start-up recovery: loads every visit this loop owns that is not closed (their queues and
    /// async-phase deadlines depend on it) by replaying its log. Returns how many.
    @discardableResult
    public func recover() throws -> Int {
        var loaded = 0
        for summary in try reader.openVisits() {
            let id = summary.id
            guard ownership.owner(of: id) == loop, visits[id] == nil else { continue }
            if let owned = try desk.load(id) {
                if let visit = owned.committed { _ = updateQueue(with: visit) }
                loaded += 1
            }
        }
        return loaded
    }

    // MARK: What the host may look at

    /// A visit's committed state, if it is in memory.
    public func visit(_ id: VisitID) -> Visit? { visits[id]?.committed }
    public var loadedVisits: [VisitID] { visits.keys.sorted() }
    public func subscribers(of id: VisitID) -> [Subscriber] { visits[id]?.sortedSubscribers ?? [] }
    /// Writes submitted and not yet answered.
    public var writesInFlight: Int { desk.writesInFlight }

    /// This loop's own reader: lazy loads, resumes, history. Reads see committed records and
    /// never wait for the writer (SQLite: short indexed queries against a WAL snapshot).
    var reader: any RecordReader { desk.log }
    var visits: [VisitID: OwnedVisit] {
        get { desk.records }
        _modify { yield &desk.records }
    }

    /// When `expire(now:)` should next run: the earliest async-phase end among owned visits (a
    /// visit whose expiry is in flight has none), or an audit retry.
    public func nextDeadline() -> Instant? {
        let phaseEnds = visits.values.compactMap { $0.projected.nextDeadline }
        return (phaseEnds + [auditRetryAt].compactMap { $0 }).min()
    }

    // MARK: Submitting

    typealias Submitted = CommitPipeline<RecordPort, PendingWrite>.Submitted

    /// Hands a write to the store; its result comes back through the inbox as a `Commit`.
    func submit(_ request: RecordWrite, _ write: PendingWrite) -> (Submitted, ticket: UInt64) {
        desk.pipeline.submit(request, write)
    }

    // MARK: Loading

    /// The owned visit, loaded from the store if needed; nil (after answering `reply`) if it
    /// does not exist, is not this loop's, or cannot be read.
    func owned(_ id: VisitID, answering reply: DeskReply?) -> OwnedVisit? {
        if let owned = visits[id] { return owned }
        guard ownership.owner(of: id) == loop else {
            assertionFailure("visit \(id) belongs to loop \(ownership.owner(of: id)), not \(loop)")
            fail(reply, visit: id, .internal)
            return nil
        }
        do {
            guard let owned = try desk.load(id) else {
                fail(reply, visit: id, .care(.notFound))
                return nil
            }
            if let visit = owned.committed { _ = updateQueue(with: visit) }
            return owned
        } catch {
            fail(reply, visit: id, .internal)
            return nil
        }
    }

    /// Reads a visit again from the log, keeping its subscribers and opens. Used when a write
    /// failed (after `Desk.abandon`): memory may be ahead of the log.
    func reload(_ id: VisitID, at now: Instant) {
        switch desk.reload(id) {
        case nil:
            return
        case .fresh(let fresh, let old)?:
            fresh.openers = old.openers
            if let visit = fresh.committed { emitQueueChanges(updateQueue(with: visit), of: visit) }
        case .gone(let old)?:
            // Gone (its creation never committed) or unreadable: nobody can follow it any more.
            if let visit = old.committed { emitQueueChanges(updateQueue(with: visit, removing: true), of: nil) }
            endSubscriptions(old.subscribers, of: id, .unavailable, at: now)
        }
    }

    func evictIfIdle(_ id: VisitID) {
        if visits[id]?.isIdle == true { visits[id] = nil }
    }

    // MARK: Queues

    /// Takes in a visit's committed state; returns its queue changes (not yet emitted). With
    /// `removing`, the visit has left memory: its queue is rebuilt from the visits still here.
    func updateQueue(with visit: Visit, removing: Bool = false) -> (Resource, [QueueChange]) {
        let resource = visit.resource
        var queue = queues[resource] ?? Queue(resource: resource)
        var changes: [QueueChange] = []
        if !removing {
            changes = queue.update(with: visit)
        } else if queue.position(of: visit.id) != nil {
            queue = Queue(resource: resource, visits: visits.values.compactMap(\.committed).filter { $0.id != visit.id })
            changes = [.removed(visit.id)]
        }
        queues[resource] = queue.count == 0 ? nil : queue
        return (resource, changes)
    }

    /// `visit`: the committed visit the changes are about (nil when it left memory: then they
    /// only remove it).
    func emitQueueChanges(_ update: (Resource, [QueueChange]), of visit: Visit?) {
        if !update.1.isEmpty { sink.emit(.queueChanged(update.0, update.1), visit: visit) }
    }

    // MARK: Answering

    func fail(_ reply: DeskReply?, visit: VisitID?, _ error: ServiceError) {
        guard let reply else { return }
        sink.emit(.error(to: reply.to, commandID: reply.commandID, visit: visit, error), visit: visit.flatMap { visits[$0]?.committed })
    }

    func ack(_ reply: DeskReply?, visit: VisitID) {
        guard let reply else { return }
        sink.emit(.ack(to: reply.to, commandID: reply.commandID, visit: visit, seq: reply.seq), visit: visits[visit]?.committed)
    }
}

@available(*, unavailable) extension VisitDesk: Sendable {}
