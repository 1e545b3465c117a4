import Care
import Server
import Service

/// What one loop's care application posts to another (through the `CareRouter`): one mail type
/// per kind of state, each sent to the loop that owns that state. Per sender, mail arrives in
/// order. A new aggregate adds its own mail type and one case here.
enum CareMail: Sendable {
    /// To a visit's owner loop (its desk).
    case visit(VisitMail)
    /// To the loop keeping a queue's board.
    case queue(QueueMail)
    /// To the loop keeping a clinician's async inbox.
    case inbox(InboxMail)
    /// To the loop of a connection (or of a held triage request).
    case connection(ConnectionMail)
    /// To every loop: state about a person or connection that any loop may hold.
    case everyLoop(LoopWideMail)
}
