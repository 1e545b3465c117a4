import Care

/// What the desk tells the world, as values. Emitted through `OutcomeSink` on the desk's loop,
/// only after the write they depend on has committed (acks, events, receipts) or been refused.
/// The host encodes each outcome once (Wire) and routes it: `to` names subscribers, queue
/// changes go to whoever watches the resource's queue.
public enum Outcome: Hashable, Sendable {
    /// The command of `commandID` is durable. `seq` is the last event it recorded (for a resend:
    /// the original's), nil when it changed nothing. A created visit is acked with its new id.
    case ack(to: Subscriber, commandID: String?, visit: VisitID, seq: UInt64?)
    /// The command was refused or failed; nothing of it was recorded.
    case error(to: Subscriber, commandID: String?, visit: VisitID?, ServiceError)
    /// A committed event, once for all of the visit's subscribers (possibly none: the host may
    /// feed other projections, such as async inboxes, from it). In seq order per visit.
    case event(VisitID, VisitEvent, to: [Subscriber])
    /// The waiting visits this desk owns changed in `resource`'s queue (partial: each loop
    /// reports the visits it owns; every change names one visit, so they merge by union).
    case queueChanged(Resource, [QueueChange])
    /// A notification for the patient was queued in the outbox with the event that caused it
    /// (accept: "care has taken your case"); wake the sender.
    case notify(visit: VisitID, patient: PatientID)
    /// The subscriber now receives the visit's events. `missed` holds exactly the events after
    /// the seq it said it had (empty if it said none), in order, ending at `snapshot`'s lastSeq.
    case opened(to: Subscriber, commandID: String?, VisitSnapshot, missed: [VisitEvent])
    /// Subscribed, but the seq the subscriber claimed cannot be resumed from: drop the local copy
    /// of the visit, take this snapshot, page history backwards if needed.
    case reload(to: Subscriber, commandID: String?, VisitSnapshot)
    /// A page of history, oldest first; `hasEarlier` when events before the page exist.
    case history(to: Subscriber, commandID: String?, visit: VisitID, events: [VisitEvent], hasEarlier: Bool)
    /// A participant's read mark moved (committed), for the visit's subscribers.
    case receipt(VisitID, reader: Party, upTo: UInt64, to: [Subscriber])
    /// The audit record of a read the host serves (`VisitDesk.auditRead`) is durable, or failed:
    /// serve the read, or refuse it.
    case readAudited(token: UInt64, durable: Bool)
    /// These subscribers lost the right to read the visit (another clinician accepted it, or the
    /// visit could not be reloaded): no more events will come for it.
    case unsubscribed(VisitID, SubscriptionEnd, to: [Subscriber])
}
