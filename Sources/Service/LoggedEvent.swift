import Care

/// An event as read back from a visit's log, with the bytes it takes there (history pages are
/// cut by size, so one page never becomes a frame of megabytes).
public struct LoggedEvent: Sendable, Hashable {
    public var event: VisitEvent
    public var bytes: Int

    public init(_ event: VisitEvent, bytes: Int) {
        self.event = event
        self.bytes = bytes
    }
}
