import Care
import Service

/// Mail for the loop a connection (or a triage request) lives on.
enum ConnectionMail: Sendable {
    /// The connection created this visit and now follows it (counts towards its open visits).
    case follows(VisitID, Subscriber)
    /// The visit's owner stopped sending it to this connection (it counts no more).
    case unfollowed(VisitID, Subscriber)
    /// The desk's answer to a triage request held on this loop.
    case triageAnswered(request: UInt64, visit: VisitID?, seq: UInt64?, ServiceError?)
}
