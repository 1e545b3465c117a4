import Care

/// Reads of patient data: each is audited, and the data goes out only once its audit record
/// has committed (a read the log does not know of never happens).
extension VisitDesk {
    /// Subscribes `subscriber` to a visit: access check, audit record "visit.open", then the
    /// snapshot and, if `after` is given, exactly the events after it (or `reload` if it cannot
    /// be resumed from). A principal who may not see the visit gets `notFound` and no record.
    public func open(_ id: VisitID, by principal: Principal, subscriber: Subscriber, after: UInt64?,
                     commandID: String?, now: Instant) {
        let reply = DeskReply(to: subscriber, commandID: commandID)
        guard let owned = owned(id, answering: reply), let visit = readable(owned, by: principal, reply) else { return }
        let subscription = Subscription(principal, reading: visit)
        let record = AuditTrail.record(.open, subscription, visit: id, at: now, detail: after.map { "after \($0)" })
        let write = PendingWrite(purpose: .side(.audit([record], then: .open(id, subscriber, subscription, after: after))),
                                 replies: [reply])
        let (submitted, ticket) = submit(.audit([record]), write)
        guard submitted == .accepted else { return fail(reply, visit: id, .busy) }
        opening[ticket] = (subscriber, id)
        owned.openers += 1
    }

    /// Ends a subscription (audited "visit.close"); acked once the record is durable.
    public func close(_ id: VisitID, subscriber: Subscriber, commandID: String?, now: Instant) {
        let reply = DeskReply(to: subscriber, commandID: commandID)
        guard let subscription = unsubscribe(subscriber, from: id) else { return ack(reply, visit: id) }
        let record = AuditTrail.record(.close, subscription, visit: id, at: now)
        let write = PendingWrite(purpose: .side(.audit([record], then: .close(id))), replies: [reply])
        if submit(.audit([record]), write).0 != .accepted {
            keepForRetry([record], now: now)
            ack(reply, visit: id)  // the subscription has ended either way; the record follows
        }
    }

    /// A subscriber went away (its connection closed): ends all its subscriptions, audited.
    public func disconnected(_ subscriber: Subscriber, now: Instant) {
        var ids = Set(opening.values.filter { $0.subscriber == subscriber }.map(\.visit))
        ids.formUnion(subscriptions[subscriber] ?? [])
        let records = ids.sorted().compactMap { id in
            unsubscribe(subscriber, from: id).map { AuditTrail.record(.close, $0, visit: id, at: now, detail: "disconnected") }
        }
        writeAudit(records, now: now)
    }

    /// A page of history before `before` (nil: the newest page), oldest first, audited
    /// "visit.history". Only committed events, so a page never shows what was not yet told.
    public func history(_ id: VisitID, by principal: Principal, before: UInt64?, limit: Int, subscriber: Subscriber,
                        commandID: String?, now: Instant) {
        let reply = DeskReply(to: subscriber, commandID: commandID)
        guard let owned = owned(id, answering: reply), let visit = readable(owned, by: principal, reply) else { return }
        let limit = min(max(limit, 1), 500)
        let subscription = Subscription(principal, reading: visit)
        let record = AuditTrail.record(.history, subscription, visit: id, at: now,
                                       detail: "before \(before.map(String.init) ?? "end") limit \(limit)")
        let write = PendingWrite(purpose: .side(.audit([record], then: .history(id, subscription, before: before, limit: limit))),
                                 replies: [reply])
        guard submit(.audit([record]), write).0 == .accepted else { return fail(reply, visit: id, .busy) }
        owned.openers += 1
    }

    /// "Read up to `upTo`" by the principal (monotonic). Stored, then sent to the visit's
    /// subscribers as `receipt`; a mark that does not move is acked without a write.
    public func markRead(_ id: VisitID, by principal: Principal, upTo: UInt64, subscriber: Subscriber,
                         commandID: String?, now: Instant) {
        let reply = DeskReply(to: subscriber, commandID: commandID)
        guard let owned = owned(id, answering: reply), let visit = readable(owned, by: principal, reply) else { return }
        var receipts = owned.projectedReceipts
        let upTo = principal.visitSeq(upTo, of: visit)
        switch receipts.markRead(by: principal.actor, upTo: upTo, lastSeq: visit.lastSeq) {
        case .failure(let error):
            fail(reply, visit: id, .care(error))
        case .success(false):
            ack(reply, visit: id)
        case .success(true):
            let mark = ReadMark(reader: principal.actor, upTo: upTo)
            let write = PendingWrite(purpose: .side(.receipt(id, reader: principal.actor, upTo: upTo)), replies: [reply])
            guard submit(.readMark(id, mark, at: now), write).0 == .accepted else { return fail(reply, visit: id, .busy) }
            owned.projectedReceipts = receipts
        }
    }

    // MARK: Shared by reads

    /// The committed visit if `principal` may read it; otherwise answers `notFound` (cannot see
    /// it, or it is still being created) or `forbidden` (sees it, may not open it).
    func readable(_ owned: OwnedVisit, by principal: Principal, _ reply: DeskReply?) -> Visit? {
        guard let visit = owned.committed, AccessPolicy.canSee(principal, visit) else {
            fail(reply, visit: owned.id, .care(.notFound))
            evictIfIdle(owned.id)
            return nil
        }
        guard AccessPolicy.canRead(principal, visit) else {
            fail(reply, visit: owned.id, .care(.forbidden))
            evictIfIdle(owned.id)
            return nil
        }
        return visit
    }

    /// Removes a live or opening subscription; returns it if there was one.
    func unsubscribe(_ subscriber: Subscriber, from id: VisitID) -> Subscription? {
        var found: Subscription?
        for (ticket, open) in opening where open.subscriber == subscriber && open.visit == id {
            opening[ticket] = nil
            visits[id]?.openers -= 1
            if case .side(.audit(_, .open(_, _, let subscription, _)))? = desk.pipeline[ticket]?.purpose { found = subscription }
        }
        if let live = visits[id]?.subscribers.removeValue(forKey: subscriber) { found = live }
        subscriptions[subscriber]?.remove(id)
        if subscriptions[subscriber]?.isEmpty == true { subscriptions[subscriber] = nil }
        evictIfIdle(id)
        return found
    }

    /// Ends subscriptions the desk cannot serve any more: tells the subscribers, audits the end.
    func endSubscriptions(_ ended: [Subscriber: Subscription], of id: VisitID, _ reason: SubscriptionEnd, at now: Instant) {
        let detail = switch reason {
        case .accessEnded: "access ended"
        case .unavailable: "visit unavailable"
        }
        guard !ended.isEmpty else { return }
        for subscriber in ended.keys {
            visits[id]?.subscribers[subscriber] = nil
            subscriptions[subscriber]?.remove(id)
            if subscriptions[subscriber]?.isEmpty == true { subscriptions[subscriber] = nil }
        }
        sink.emit(.unsubscribed(id, reason, to: ended.keys.sorted()), visit: visits[id]?.committed)
        writeAudit(ended.sorted { $0.key < $1.key }.map { AuditTrail.record(.close, $0.value, visit: id, at: now, detail: detail) },
                   now: now)
    }

    /// Audits a read the host serves itself (a queue or an inbox snapshot) through this desk's
    /// commit path: `.readAudited(token:durable:)` follows once the store answers. False when the
    /// store refuses the record now (busy): the read must be refused.
    public func auditRead(_ record: AuditEntry, token: UInt64) -> Bool {
        let write = PendingWrite(purpose: .side(.audit([record], then: .host(token: token))), replies: [])
        return submit(.audit([record]), write).0 == .accepted
    }

    /// Audit records of reads that ended (a watch stopped): kept and retried while the store
    /// refuses them, like the desk's own.
    public func audit(_ records: [AuditEntry], now: Instant) { writeAudit(records, now: now) }

    /// Audit records nobody waits for; kept and retried if the store refuses them.
    func writeAudit(_ records: [AuditEntry], now: Instant) {
        guard !records.isEmpty else { return }
        let write = PendingWrite(purpose: .side(.audit(records, then: .nothing)), replies: [])
        if submit(.audit(records), write).0 != .accepted { keepForRetry(records, now: now) }
    }

    func keepForRetry(_ records: [AuditEntry], now: Instant) {
        auditBacklog.append(contentsOf: records)
        if auditRetryAt == nil { auditRetryAt = now.adding(milliseconds: Self.auditRetryMilliseconds) }
    }

    func retryAuditBacklog(now: Instant) {
        guard let due = auditRetryAt, due <= now else { return }
        let records = auditBacklog
        auditBacklog = []
        auditRetryAt = nil
        writeAudit(records, now: now)
    }
}
