import Care

/// What the visit desk writes beside a visit's events: read marks, and the audit records that
/// reads wait for.
enum VisitSideWrite {
    case receipt(VisitID, reader: Party, upTo: UInt64)
    /// Reads happen only once their audit record is durable.
    case audit([AuditEntry], then: AfterAudit)

    enum AfterAudit {
        case open(VisitID, Subscriber, Subscription, after: UInt64?)
        case history(VisitID, Subscription, before: UInt64?, limit: Int)
        case close(VisitID)
        /// Subscription ends without anyone waiting (disconnects, revocations, retries).
        case nothing
        /// A read the host serves itself (a queue or an inbox snapshot), told by its token.
        case host(token: UInt64)
    }
}
