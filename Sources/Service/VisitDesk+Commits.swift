import Care

/// What happens when the store answers: only here do events reach subscribers and acks reach
/// senders, so nothing is told that the log does not hold.
extension VisitDesk {
    /// A store result posted back through the `CommitInbox`. Call on this desk's loop, in the
    /// order the inbox delivers them (the writer answers in submit order).
    public func committed(_ commit: Commit, now: Instant) {
        // Unknown ticket: a write abandoned when its visit diverged; its senders were answered.
        guard let write = inFlight.removeValue(forKey: commit.ticket) else { return }
        switch write.purpose {
        case .events(let id, let events, let notifies):
            settle(events, of: id, ticket: commit.ticket, write, commit.result, notifies: notifies, now: now)
        case .receipt(let id, let reader, _):
            settleReceipt(of: id, by: reader, write, commit.result)
        case .audit(let records, let then):
            settleAudit(records, then: then, ticket: commit.ticket, write.replies.first, commit.result, now: now)
        }
    }

    private func settle(_ events: [VisitEvent], of id: VisitID, ticket: UInt64, _ write: PendingWrite,
                        _ result: Result<RecordOutcome, RecordError>, notifies: Bool, now: Instant) {
        guard let owned = visits[id], owned.pending.first == ticket, let first = events.first, let last = events.last
        else {
            // Commits return in submit order, so this cannot happen; if it does, trust the log.
            for reply in write.replies { fail(reply, visit: id, .internal) }
            if let owned = visits[id] { diverge(owned, now: now) }
            return
        }
        owned.pending.removeFirst()
        switch result {
        case .success(.appended(_, let seqs)) where seqs == first.seq...last.seq:
            var visit = owned.committed
            owned.committed = nil  // the local copy is then the only one: applying copies nothing
            do {
                for event in events {
                    if visit == nil { visit = try Visit(event) } else { try visit!.apply(event) }
                }
            } catch {
                owned.committed = visit  // reload (through diverge) replaces it from the log
                for reply in write.replies { fail(reply, visit: id, .internal) }
                return diverge(owned, now: now)
            }
            guard let visit else { return }
            tell(events, visit, owned, notifies: notifies)
            for reply in write.replies { ack(reply, visit: id) }
            // Who may read a visit follows its state and responsible clinician, never a message.
            let onlyMessages = events.allSatisfy { if case .message = $0.body { true } else { false } }
            if !onlyMessages {
                let revoked = owned.subscribers.filter { !AccessPolicy.canRead($0.value.principal, visit) }
                endSubscriptions(revoked, of: id, .accessEnded, at: now)
            }
            evictIfIdle(id)
        case .success(.duplicate(_, let original)):
            // Memory took the message for new; the log already has it: memory is stale.
            for reply in write.replies {
                if reply.seq == last.seq {
                    sink.emit(.ack(to: reply.to, commandID: reply.commandID, visit: id, seq: original))
                } else {
                    fail(reply, visit: id, .internal)
                }
            }
            diverge(owned, now: now)
        case .success, .failure:
            for reply in write.replies { fail(reply, visit: id, .internal) }
            diverge(owned, now: now)
        }
    }

    /// Committed: the events go to the visit's subscribers (encoded once by the host), then the
    /// queue change, then the notification wake-up.
    private func tell(_ events: [VisitEvent], _ visit: Visit, _ owned: OwnedVisit, notifies: Bool) {
        owned.committed = visit
        owned.remember(events)
        let to = owned.sortedSubscribers
        for event in events { sink.emit(.event(visit.id, event, to: to)) }
        emitQueueChanges(updateQueue(with: visit))
        if notifies { sink.emit(.notify(visit: visit.id, patient: visit.patient)) }
    }

    /// A write of this visit failed: its state in memory may be ahead of the log. The writes
    /// behind it cannot commit (their first seq would leave a gap), so they fail now; then the
    /// visit is read again from the log and later commands start from the truth.
    private func diverge(_ owned: OwnedVisit, now: Instant) {
        for ticket in owned.pending {
            guard let abandoned = inFlight.removeValue(forKey: ticket) else { continue }
            for reply in abandoned.replies { fail(reply, visit: owned.id, .internal) }
        }
        owned.pending = []
        reload(owned.id, at: now)
    }

    private func settleReceipt(of id: VisitID, by reader: Party, _ write: PendingWrite,
                               _ result: Result<RecordOutcome, RecordError>) {
        guard case .success(.readMark(let upTo)) = result, upTo > 0 else {
            visits[id].map { $0.projectedReceipts = $0.receipts }
            for reply in write.replies { fail(reply, visit: id, .internal) }
            return
        }
        if let owned = visits[id] {
            let lastSeq = max(upTo, owned.committed?.lastSeq ?? 0)
            _ = owned.projectedReceipts.markRead(by: reader, upTo: upTo, lastSeq: lastSeq)
            if case .success(true) = owned.receipts.markRead(by: reader, upTo: upTo, lastSeq: lastSeq) {
                sink.emit(.receipt(id, reader: reader, upTo: upTo, to: owned.sortedSubscribers))
            }
        }
        for reply in write.replies { ack(reply, visit: id) }
    }

    private func settleAudit(_ records: [AuditEntry], then: PendingWrite.AfterAudit, ticket: UInt64,
                             _ reply: PendingWrite.Reply?,
                             _ result: Result<RecordOutcome, RecordError>, now: Instant) {
        let durable = if case .success(.audited) = result { true } else { false }
        switch then {
        case .nothing:
            if !durable { keepForRetry(records, now: now) }
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
