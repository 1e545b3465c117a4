import Care

/// The `inbox` snapshot: the three tabs of a staff member's async inbox, each in its order
/// (Inbox: priority, then longest-waiting; Requires no action: soonest expiry; Ended: newest).
public struct InboxView: Hashable, Sendable {
    public var inbox: [InboxItem]
    public var requiresNoAction: [InboxItem]
    public var ended: [InboxItem]

    public init(inbox: [InboxItem] = [], requiresNoAction: [InboxItem] = [], ended: [InboxItem] = []) {
        self.inbox = inbox
        self.requiresNoAction = requiresNoAction
        self.ended = ended
    }

    public init(_ inbox: AsyncInbox) {
        self.init(
            inbox: inbox.inbox.map(InboxItem.init), requiresNoAction: inbox.requiresNoAction.map(InboxItem.init),
            ended: inbox.ended.map(InboxItem.init))
    }
}
