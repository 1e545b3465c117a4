import Care
import Server
import Service
import Wire

/// What one loop's care application asks of another (through `LoopServices.post`). Work goes
/// to the loop that owns its state: a visit's commands to its desk, a queue's subscriptions
/// to its board, an inbox's to its staff member's loop. Per sender, mail arrives in order.
enum CareMail: Sendable {
    /// A command for a visit this loop owns, from a connection anywhere.
    case command(Forwarded)
    /// A store result for this loop's desk.
    case commit(Commit)
    /// An audit record of a queue or inbox subscription is durable (or failed): serve it.
    case audited(ticket: UInt64, ok: Bool)
    /// The connection closed: end its subscriptions here (audited).
    case disconnected(Subscriber)
    /// A desk's visits changed in a queue whose board this loop keeps.
    case queueChanges(Resource, [QueueBoard.Change])
    case queueSubscribe(Resource, Principal, Subscriber, CommandID)
    case queueUnsubscribe(Resource, Subscriber, CommandID?)
    /// New queue places of visits this loop owns (nil: no longer queued), for their patients.
    case positions([VisitID: Int?])
    case presence(PatientID, online: Bool)
    /// A visit of an async inbox changed (this loop keeps `staff`'s inbox).
    case inboxVisit(QualifiedStaffID, Visit)
    case inboxSubscribe(StaffMember, Subscriber, CommandID)
    /// The visit's owner stopped sending it to this loop's connection (it counts no more
    /// towards the connection's open visits).
    case unfollowed(VisitID, Subscriber)
    /// The triage service's answer for a request held by this loop.
    case triageAnswered(request: UInt64, visit: VisitID?, seq: UInt64?, ServiceError?)

    /// A command with who sent it and where to answer.
    struct Forwarded: Sendable {
        var action: ClientCommand.Action
        /// Nil for opens the server makes itself (resume, held visits).
        var id: CommandID?
        var principal: Principal
        var subscriber: Subscriber
    }
}
