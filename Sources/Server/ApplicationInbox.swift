/// Posts mail to one application instance on one loop, from any thread (the store's writer
/// answers through it). The mail arrives in `Application.handle(_:)` on that loop, queued, in
/// posting order per posting thread.
public struct ApplicationInbox<Mail: Sendable>: Sendable {
    let handle: LoopHandle
    let endpoint: Int

    public var loop: Int { handle.index }

    public func post(_ mail: Mail) {
        handle.post(.application(endpoint, mail))
    }
}
