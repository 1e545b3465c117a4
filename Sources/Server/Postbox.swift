/// The typed address of one application on every loop. `queue` always goes through the
/// receiving loop's mailbox, this loop's included: a handler that must run now on this loop is
/// a direct call, so a reader of the code sees which of the two happens.
public struct Postbox<Mail: Sendable>: Sendable {
    let handles: [LoopHandle]
    let endpoint: Int
    /// The loop this postbox was made on.
    public let here: Int

    public var loopCount: Int { handles.count }

    /// Posts `mail` to the instance on loop `index`; it arrives in a later `handle(_:)`.
    public func queue(_ mail: Mail, toLoop index: Int) {
        handles[index].post(.application(endpoint, mail))
    }

    /// The instance on loop `index` as a single address (for another thread).
    public func inbox(ofLoop index: Int) -> ApplicationInbox<Mail> {
        ApplicationInbox(handle: handles[index], endpoint: endpoint)
    }
}
