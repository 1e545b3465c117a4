import Care
import Service
import Wire

/// Mail for a visit's owner loop.
enum VisitMail: Sendable {
    /// A command for a visit this loop owns, from a connection anywhere (or the triage service).
    case command(ForwardedCommand)
    /// A store result for this loop's desk.
    case commit(Commit)
    /// New queue places of visits this loop owns (nil: no longer queued), for their patients.
    case positions([VisitID: Int?])
}

/// A command with who sent it and where to answer, checked on the sender's loop already.
struct ForwardedCommand: Sendable {
    var action: ClientCommand.Action
    /// Nil for opens the server makes itself (resume, held visits).
    var id: CommandID?
    var principal: Principal
    var subscriber: Subscriber
}
