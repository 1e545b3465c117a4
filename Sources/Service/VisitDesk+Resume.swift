import Care

/// The data half of opens and history pages, run once their audit record is durable.
extension VisitDesk {
    /// Subscribes and sends the snapshot plus exactly what the subscriber missed. Snapshot,
    /// missed events and subscription are taken in one step on the loop, against the committed
    /// state, so the next event it receives is `lastSeq + 1`: no gap, no duplicate.
    func finishOpen(_ id: VisitID, _ subscriber: Subscriber, _ subscription: Subscription, after: UInt64?,
                    _ reply: DeskReply?) {
        guard let owned = owned(id, answering: reply),
            let visit = readable(owned, by: subscription.principal, reply)
        else { return }
        owned.subscribers[subscriber] = subscription
        subscriptions[subscriber, default: []].insert(id)
        let snapshot = VisitSnapshot(visit: visit, receipts: owned.receipts)
        let commandID = reply?.commandID
        // A patient counts in the patient's numbering (staff-only events are not in it).
        guard let after = after.map({ subscription.principal.visitSeq($0, of: visit) }) else {
            return sink.emit(.opened(to: subscriber, commandID: commandID, snapshot, missed: []), visit: visit)
        }
        // A seq beyond the log was never sent by this server (or the log was replaced): the
        // client's copy cannot be trusted, so it reloads instead of silently skipping.
        if after <= visit.lastSeq, let missed = desk.missed(in: owned, after: after, through: visit.lastSeq) {
            sink.emit(.opened(to: subscriber, commandID: commandID, snapshot, missed: missed), visit: visit)
        } else {
            sink.emit(.reload(to: subscriber, commandID: commandID, snapshot), visit: visit)
        }
    }

    func finishHistory(_ id: VisitID, _ subscription: Subscription, before: UInt64?, limit: Int,
                       _ reply: DeskReply?) {
        guard let owned = owned(id, answering: reply), let reply,
            let visit = readable(owned, by: subscription.principal, reply)
        else { return }
        // Committed rows beyond what subscribers were told stay out: they arrive as events.
        let before = before.map { subscription.principal.visitSeq($0, of: visit) }
        let end = min(before ?? UInt64.max, visit.lastSeq + 1)
        // A patient's page holds `limit` events the patient may see: the staff-only ones in the
        // range are read too (there are few) and left out, so a page is never empty by them.
        var hidden: Set<UInt64> = []
        if case .patient = subscription.principal { hidden = Set(visit.patientNumbering.hidden) }
        do {
            let read = try reader.events(of: id, before: end, limit: limit + hidden.count)
            let logged = (hidden.isEmpty ? read : read.filter { !hidden.contains($0.event.seq) }).suffix(limit)
            var kept = 0, bytes = 0
            for entry in logged.reversed() {
                if kept > 0 && bytes + entry.bytes > Self.historyPageBytes { break }
                bytes += entry.bytes
                kept += 1
            }
            let events = logged.suffix(kept).map(\.event)
            // Earlier events exist (for a patient: earlier ones the patient may see).
            let first = events.first?.seq ?? end
            let hasEarlier = first > 1 && (hidden.isEmpty || visit.patientNumbering.patientSeq(readingUpTo: first - 1) > 0)
            sink.emit(.history(to: reply.to, commandID: reply.commandID, visit: id, events: events, hasEarlier: hasEarlier),
                      visit: visit)
        } catch {
            fail(reply, visit: id, .internal)
        }
    }
}
