/// Posts values to one application instance on one loop, from any thread. The value arrives in
/// `Application.handle(_:)` on that loop, in posting order per posting thread.
public struct ApplicationInbox: Sendable {
    let handle: LoopHandle
    let endpoint: Int

    public var loop: Int { handle.index }

    public func post(_ message: any Sendable) {
        handle.post(.application(endpoint, message))
    }
}
