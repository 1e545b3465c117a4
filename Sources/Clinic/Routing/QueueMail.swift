import Care
import Service
import Wire

/// Mail for the loop keeping a queue's board (`CareRouter.boardOwner`).
enum QueueMail: Sendable {
    /// A desk's waiting visits changed in this queue.
    case changes(Resource, [QueueBoard.Change])
    case subscribe(Resource, Principal, Subscriber, CommandID)
    case unsubscribe(Resource, Subscriber, CommandID?)
}
