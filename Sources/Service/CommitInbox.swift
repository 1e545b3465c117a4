/// "Post this value back to my loop": called on the store's writer thread after COMMIT, so it
/// must only enqueue. The host adapts its loop mailbox (`ApplicationInbox.post`) to it and calls
/// `VisitDesk.committed(_:)` when the value arrives; tests use a queue they drain themselves.
public protocol CommitInbox: Sendable {
    func post(_ commit: Commit)
}
