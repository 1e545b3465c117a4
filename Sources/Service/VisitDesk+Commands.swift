import Care
import FoundationEssentials

extension VisitDesk {
    /// A principal's command to a visit this loop owns. The answer (`ack` or `error` to
    /// `replyTo`) and the events come through the sink: refusals at once, everything that
    /// depends on the store after its commit.
    public func submit(_ command: VisitCommand, visit id: VisitID, by principal: Principal, commandID: String?,
                       replyTo: Subscriber?, now: Instant) {
        let reply = replyTo.map { DeskReply(to: $0, commandID: commandID) }
        guard let owned = owned(id, answering: reply) else { return }
        switch owned.projected.decide(command, by: principal, at: now) {
        case .failure(let error):
            fail(reply, visit: id, .care(error))
            evictIfIdle(id)  // a refused command to a closed visit need not keep it loaded
        case .success(.alreadyRecorded(let seq)):
            answer(reply.map { var r = $0; r.seq = seq; return r }, after: seq, in: owned)
        case .success(.record(let events)) where events.isEmpty:
            // Nothing changed, but an earlier write in flight may still fail: ack behind it.
            answer(reply, after: owned.projected.lastSeq, in: owned)
        case .success(.record(let events)):
            append(events, to: owned, reply: reply, notifying: command == .accept, at: now)
        }
    }

    /// A patient seeks care: a new drop-in visit in `request.resource`'s queue. Acked with the
    /// new visit's id once its created event is durable.
    public func createDropIn(_ request: DropInRequest, by principal: Principal, commandID: String?,
                             replyTo: Subscriber?, now: Instant) {
        let reply = replyTo.map { DeskReply(to: $0, commandID: commandID) }
        let id = newVisitID()
        let created = VisitFactory.dropIn(
            id: id, by: principal, contactReason: request.contactReason, text: request.text,
            priority: request.priority, resource: request.resource, careProvider: request.careProvider, at: now)
        switch created {
        case .failure(let error):
            fail(reply, visit: nil, .care(error))
        case .success(let event):
            guard let visit = try? Visit(event) else { return fail(reply, visit: nil, .internal) }
            let owned = desk.create(visit, companion: VisitCompanion())
            append([event], to: owned, reply: reply, notifying: false, at: now, creating: true)
        }
    }

    /// Closes every owned visit whose async phase has run out (through the same persist-then-
    /// tell path, by `Principal.system`), and retries audit records the store refused before.
    public func expire(now: Instant) {
        retryAuditBacklog(now: now)
        // A plain loop: Swift 6.3.1's release pipeline crashed (CopyPropagation, "outside of
        // lifetime use") on the filter/map closure form of this in -O builds.
        var due: [VisitID] = []
        for owned in visits.values {
            if let deadline = owned.projected.nextDeadline, deadline <= now { due.append(owned.id) }
        }
        for id in due.sorted() {
            submit(.expire, visit: id, by: .system, commandID: nil, replyTo: nil, now: now)
        }
    }

    /// An id this loop owns, so the visit is created right here without a hop: random ids are
    /// drawn until one hashes to this loop (on average `loops` draws).
    func newVisitID() -> VisitID {
        while true {
            let id = ids.next()
            if ownership.owner(of: id) == loop && visits[id] == nil { return id }
        }
    }

    /// Acks `reply` once everything up to `seq` is committed: now, or behind the write in flight
    /// that records `seq` (a resend of a message still in flight, a no-op behind a change).
    private func answer(_ reply: DeskReply?, after seq: UInt64, in owned: OwnedVisit) {
        guard let reply else { return }
        let committedSeq = owned.committed?.lastSeq ?? 0
        if seq <= committedSeq {
            ack(reply, visit: owned.id)
        } else if let holder = desk.holder(of: seq, in: owned) {
            desk.pipeline[holder]?.replies.append(reply)
        } else {
            fail(reply, visit: owned.id, .internal)  // projected beyond committed without a write: cannot be
        }
    }

    /// Submits ONE append (the events, the visit's projection row, and for an accept the
    /// patient's notification, all in one savepoint) and keeps the events pending.
    private func append(_ events: [VisitEvent], to owned: OwnedVisit, reply: DeskReply?,
                        notifying: Bool, at now: Instant, creating: Bool = false) {
        var reply = reply
        reply?.seq = events.last?.seq
        let appended = desk.append(events, to: owned, effects: notifying, replies: reply.map { [$0] } ?? [],
                                   creating: creating) { projected in
            // Chat during the visit changes no column of the row (the log holds the messages), and
            // re-encoding a long visit's snapshot for every message would cost O(messages).
            let chatOnly = projected.state == .inProgress && events.allSatisfy {
                if case .message = $0.body { true } else { false }
            }
            let notifications = notifying ? [try acceptedNotification(projected, at: now)] : []
            return .append(VisitAppend(visit: owned.id, events: events, state: chatOnly ? nil : projected,
                                       notifications: notifications, at: now))
        }
        switch appended {
        case .accepted: break
        case .busy: fail(reply, visit: creating ? nil : owned.id, .busy)
        case .malformed: fail(reply, visit: owned.id, .internal)
        }
    }

    /// "Care has taken your case", for the patient's phone (the sender looks up the number).
    private func acceptedNotification(_ visit: Visit, at now: Instant) throws -> OutboxEntry {
        struct Payload: Encodable {
            var visit: VisitID
            var text: String
        }
        return OutboxEntry(
            created: now, recipient: OutboxEntry.address(of: visit.patient), channel: "sms", template: "visit.accepted",
            payload: Array(try JSONEncoder().encode(Payload(visit: visit.id, text: Phrases.caseAccepted))))
    }
}
