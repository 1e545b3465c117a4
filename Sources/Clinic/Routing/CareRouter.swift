import Care
import Server
import Service

/// Sends care mail to the loop that owns its state. When that is this loop the mail is handled
/// at once, inside the call (so a connection's command for a visit owned here is decided before
/// the next socket event); otherwise it is queued on the owner's mailbox. Every send returns
/// which of the two happened.
final class CareRouter {
    enum Delivery: Equatable {
        case handledHere
        case queued(toLoop: Int)
    }

    let postbox: Postbox<CareMail>
    let ownership: VisitOwnership
    /// This loop's handler, for mail whose owner is this loop (set once by the application).
    var handleHere: (CareMail) -> Void = { _ in }

    init(postbox: Postbox<CareMail>, ownership: VisitOwnership) {
        self.postbox = postbox
        self.ownership = ownership
    }

    var here: Int { postbox.here }
    var loopCount: Int { postbox.loopCount }

    func boardOwner(_ resource: Resource) -> Int { ownership.owner(ofKey: "queue:\(resource)") }
    func inboxOwner(_ staff: QualifiedStaffID) -> Int { ownership.owner(ofKey: "inbox:\(staff)") }

    @discardableResult
    func send(_ mail: VisitMail, toOwnerOf visit: VisitID) -> Delivery {
        deliver(.visit(mail), toLoop: ownership.owner(of: visit))
    }

    /// New queue places of visits of any owners: each owner loop gets one mail with its share.
    func sendPositions(_ places: [VisitID: Int?]) {
        var byOwner: [Int: [VisitID: Int?]] = [:]
        for (visit, place) in places { byOwner[ownership.owner(of: visit), default: [:]][visit] = place }
        for (loop, share) in byOwner.sorted(by: { $0.key < $1.key }) { _ = deliver(.visit(.positions(share)), toLoop: loop) }
    }

    @discardableResult
    func send(_ mail: QueueMail, toBoardOf resource: Resource) -> Delivery {
        deliver(.queue(mail), toLoop: boardOwner(resource))
    }

    @discardableResult
    func send(_ mail: InboxMail, toInboxOf staff: QualifiedStaffID) -> Delivery {
        deliver(.inbox(mail), toLoop: inboxOwner(staff))
    }

    @discardableResult
    func send(_ mail: ConnectionMail, toLoopOf subscriber: Subscriber) -> Delivery {
        deliver(.connection(mail), toLoop: subscriber.connection.loop)
    }

    /// Queued on this loop's own mailbox: runs after the current handler returns (for work that
    /// must not re-enter what is running now, e.g. the desk while it tells its outcomes).
    @discardableResult
    func queueHere(_ mail: CareMail) -> Delivery {
        postbox.queue(mail, toLoop: here)
        return .queued(toLoop: here)
    }

    /// One per loop, in loop order; this loop's copy is handled inside the call.
    func sendToEveryLoop(_ mail: LoopWideMail) {
        for loop in 0..<loopCount { _ = deliver(.everyLoop(mail), toLoop: loop) }
    }

    /// Where a store result comes back (on the writer's thread): this loop's mailbox.
    var commitInbox: LoopCommitInbox { LoopCommitInbox(inbox: postbox.inbox(ofLoop: here)) }

    private func deliver(_ mail: CareMail, toLoop loop: Int) -> Delivery {
        guard loop != here else {
            handleHere(mail)
            return .handledHere
        }
        postbox.queue(mail, toLoop: loop)
        return .queued(toLoop: loop)
    }
}

/// Store results come back to the desk through the loop's mailbox, always queued (they arrive
/// on the writer's thread).
struct LoopCommitInbox: CommitInbox {
    let inbox: ApplicationInbox<CareMail>

    func post(_ commit: Commit) { inbox.post(.visit(.commit(commit))) }
}
