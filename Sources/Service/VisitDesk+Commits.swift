import Care

/// What happens when the store answers: only here do events reach subscribers and acks reach
/// senders, so nothing is told that the log does not hold.
extension VisitDesk {
    /// A store result posted back through the `CommitInbox`. Call on this desk's loop, in the
    /// order the inbox delivers them (the writer answers in submit order).
    public func committed(_ commit: Commit, now: Instant) {
        switch desk.committed(commit) {
        case .nothing:
            return  // a write abandoned when its visit diverged: its senders were answered
        case .committed(let owned, let events, let notifies, let replies):
            guard let visit = owned.committed else { return }
            tell(events, visit, owned, notifies: notifies)
            for reply in replies { ack(reply, visit: owned.id) }
            // Who may read a visit follows its state and responsible clinician, never a message.
            let onlyMessages = events.allSatisfy { if case .message = $0.body { true } else { false } }
            if !onlyMessages {
                let revoked = owned.subscribers.filter { !AccessPolicy.canRead($0.value.principal, visit) }
                endSubscriptions(revoked, of: owned.id, .accessEnded, at: now)
            }
            evictIfIdle(owned.id)
        case .duplicate(let id, let original, let lastSeq, let replies):
            // Memory took the message for new; the log already has it: memory is stale.
            for reply in replies {
                if reply.seq == lastSeq {
                    sink.emit(.ack(to: reply.to, commandID: reply.commandID, visit: id, seq: original), visit: visits[id]?.committed)
                } else {
                    fail(reply, visit: id, .internal)
                }
            }
            diverge(id, now: now)
        case .diverged(let id, let replies):
            for reply in replies { fail(reply, visit: id, .internal) }
            diverge(id, now: now)
        case .side(.receipt(let id, let reader, _), _, let result, let replies):
            settleReceipt(of: id, by: reader, replies, result)
        case .side(.audit(let records, let then), let ticket, let result, let replies):
            settleAudit(records, then: then, ticket: ticket, replies.first, result, now: now)
        }
    }

    /// Committed (and folded in by the desk): the events go to the visit's subscribers (encoded
    /// once by the host), then the queue change, then the notification wake-up.
    private func tell(_ events: [VisitEvent], _ visit: Visit, _ owned: OwnedVisit, notifies: Bool) {
        let to = owned.sortedSubscribers
        for event in events { sink.emit(.event(visit.id, event, to: to), visit: visit) }
        emitQueueChanges(updateQueue(with: visit), of: visit)
        if notifies { sink.emit(.notify(visit: visit.id, patient: visit.patient), visit: visit) }
    }

    /// A write of this visit failed: its state in memory may be ahead of the log. The writes
    /// behind it cannot commit (their first seq would leave a gap), so they fail now; then the
    /// visit is read again from the log and later commands start from the truth.
    private func diverge(_ id: VisitID, now: Instant) {
        guard let owned = visits[id] else { return }
        for abandoned in desk.abandon(owned) {
            for reply in abandoned.replies { fail(reply, visit: id, .internal) }
        }
        reload(id, at: now)
    }

    private func settleReceipt(of id: VisitID, by reader: Party, _ replies: [DeskReply],
                               _ result: Result<RecordOutcome, RecordError>) {
        guard case .success(.readMark(let upTo)) = result, upTo > 0 else {
            visits[id].map { $0.projectedReceipts = $0.receipts }
            for reply in replies { fail(reply, visit: id, .internal) }
            return
        }
        if let owned = visits[id] {
            let lastSeq = max(upTo, owned.committed?.lastSeq ?? 0)
            _ = owned.projectedReceipts.markRead(by: reader, upTo: upTo, lastSeq: lastSeq)
            if case .success(true) = owned.receipts.markRead(by: reader, upTo: upTo, lastSeq: lastSeq) {
                sink.emit(.receipt(id, reader: reader, upTo: upTo, to: owned.sortedSubscribers), visit: owned.committed)
            }
        }
        for reply in replies { ack(reply, visit: id) }
    }

    private func settleAudit(_ records: [AuditEntry], then: VisitSideWrite.AfterAudit, ticket: UInt64,
                             _ reply: DeskReply?,
                             _ result: Result<RecordOutcome, RecordError>, now: Instant) {
        let durable = if case .success(.audited) = result { true } else { false }
        switch then {
        case .nothing:
            if !durable { keepForRetry(records, now: now) }
        case .host(let token):
            sink.emit(.readAudited(token: token, durable: durable), visit: nil)
        case .close(let id):
            if !durable { keepForRetry(records, now: now) }
            ack(reply, visit: id)
        case .open(let id, let subscriber, let subscription, let after):
            // Closed or disconnected meanwhile: that already ended it (and audited the end).
            guard opening.removeValue(forKey: ticket) != nil else { return }
            visits[id]?.openers -= 1
            if durable {
                finishOpen(id, subscriber, subscription, after: after, reply)
            } else {
                fail(reply, visit: id, .internal)
            }
            evictIfIdle(id)
        case .history(let id, let subscription, let before, let limit):
            visits[id]?.openers -= 1
            if durable {
                finishHistory(id, subscription, before: before, limit: limit, reply)
            } else {
                fail(reply, visit: id, .internal)
            }
            evictIfIdle(id)
        }
    }
}
