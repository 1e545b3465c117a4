import Posix
import Synchronization

/// The only way into a loop from another thread: a locked array plus an eventfd doorbell.
/// The doorbell rings once per batch (`wakePending`), so a burst of posts costs one write(2).
public final class Mailbox<Message: Sendable>: Sendable {
    private struct State {
        var items: [Message] = []
        var wakePending = false
    }

    private let state = Mutex(State())
    /// The eventfd the owning loop watches.
    public let fd: Int32

    public init() throws(Errno) {
        fd = try EventFD.create()
    }

    deinit {
        Descriptor.close(fd)
    }

    public func post(_ message: Message) {
        let ring = state.withLock { state -> Bool in
            state.items.append(message)
            defer { state.wakePending = true }
            return !state.wakePending
        }
        if ring { EventFD.signal(fd) }
    }

    /// Takes everything posted so far. Called by the owning loop when `fd` is readable.
    public func drain() -> [Message] {
        var taken: [Message] = []
        drain(into: &taken)
        return taken
    }

    /// Swaps everything posted so far into `batch`, which must be empty; its capacity goes to
    /// the posters, so a steady stream of batches allocates nothing.
    public func drain(into batch: inout [Message]) {
        EventFD.drain(fd)
        state.withLock { state in
            state.wakePending = false
            swap(&batch, &state.items)
        }
    }
}
