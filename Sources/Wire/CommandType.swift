/// Every command `type` carewire.v1 accepts. The decoder dispatches on these and nothing else,
/// so an unknown type is `invalid`, and the AsyncAPI test walks `allCases`.
public enum CommandType: String, CaseIterable, Hashable, Sendable {
    case hello
    case visitCreate = "visit.create"
    case visitOpen = "visit.open"
    case visitClose = "visit.close"
    case visitHistory = "visit.history"
    case queueSubscribe = "queue.subscribe"
    case queueUnsubscribe = "queue.unsubscribe"
    case inboxSubscribe = "inbox.subscribe"
    case visitAccept = "visit.accept"
    case visitStart = "visit.start"
    case messageSend = "message.send"
    case typing
    case read
    case visitPriority = "visit.priority"
    case visitEnd = "visit.end"
    case visitMarkDone = "visit.markDone"
    case directorySearch = "directory.search"
    case directoryBrowse = "directory.browse"
    case directoryLookup = "directory.lookup"
}
