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

    /// `names` gives each patient's name from the directory (nil: left out).
    public init(_ inbox: AsyncInbox, names: (PatientID) -> String? = { _ in nil }) {
        let item = { (entry: AsyncInbox.Entry) in InboxItem(entry, patientName: names(entry.patient)) }
        self.init(inbox: inbox.inbox.map(item), requiresNoAction: inbox.requiresNoAction.map(item), ended: inbox.ended.map(item))
    }
}
