import Care

/// A write the desk submitted and has not heard back about, with who to answer when it does.
struct PendingWrite {
    enum Purpose {
        /// Events for one visit (its created event, a decision, an expiry). `notifies` when a
        /// notification for the patient rides in the same append.
        case events(VisitID, [VisitEvent], notifies: Bool)
        case receipt(VisitID, reader: Party, upTo: UInt64)
        /// Reads happen only once their audit record is durable.
        case audit([AuditEntry], then: AfterAudit)
    }

    enum AfterAudit {
        case open(VisitID, Subscriber, Subscription, after: UInt64?)
        case history(VisitID, Subscription, before: UInt64?, limit: Int)
        case close(VisitID)
        /// Subscription ends without anyone waiting (disconnects, revocations, retries).
        case nothing
    }

    /// One party to answer: the command's sender, or a resend / no-op waiting on this write.
    struct Reply {
        var to: Subscriber
        var commandID: String?
        /// What the ack will carry: the seq the command recorded (for a resend: the original's),
        /// nil when it changed nothing. Known at decision time: Care numbers events.
        var seq: UInt64?
    }

    var purpose: Purpose
    var replies: [Reply]
}
