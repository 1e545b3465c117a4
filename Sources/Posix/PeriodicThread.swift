import Synchronization

/// A thread that runs a pass whenever it is woken (`wake()`, from any thread) or its interval
/// passes, until `stop()`: the shape of the store's checkpointer and the notification sender.
/// The pass closure owns its state (a database connection, say) and is only ever called on
/// this thread; it is called once more with `.finishing` so it can close that state.
public final class PeriodicThread: Sendable {
    public enum Turn: Sendable {
        /// Woken, or the interval passed.
        case pass
        /// `stop()` was called: release what the closure owns; no pass follows.
        case finishing
    }

    private let wakeFD: Int32
    private let stopping = Flag()
    private let stopped = Mutex(false)
    private let thread: Thread

    private final class Flag: Sendable {
        let raised = Atomic<Bool>(false)
    }

    public init(name: String, intervalMilliseconds: Int32, _ run: sending @escaping (Turn) -> Void) throws(Errno) {
        let wakeFD = try EventFD.create()
        let epoll: Epoll
        do {
            epoll = try Epoll(capacity: 1)
            try epoll.add(wakeFD, interest: .readable, data: 0)
        } catch {
            Descriptor.close(wakeFD)
            throw error
        }
        self.wakeFD = wakeFD
        // Only the new thread touches `run` and `epoll` from here on.
        nonisolated(unsafe) let owned = (run, epoll)
        thread = Thread(name: name) { [stopping] in
            let (run, epoll) = owned
            while !stopping.raised.load(ordering: .acquiring) {
                _ = try? epoll.wait(timeoutMilliseconds: intervalMilliseconds) { _ in EventFD.drain(wakeFD) }
                if stopping.raised.load(ordering: .acquiring) { break }
                run(.pass)
            }
            run(.finishing)
        }
    }

    /// Runs a pass soon, without waiting for the interval. Does nothing once `stop()` began
    /// (the descriptor is closed then, and its number may belong to another file).
    public func wake() {
        stopped.withLock { stopped in if !stopped { EventFD.signal(wakeFD) } }
    }

    /// Lets the current pass finish, runs `.finishing`, joins the thread. Idempotent; never call
    /// it from the pass itself.
    public func stop() {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            if !stopped {
                stopping.raised.store(true, ordering: .releasing)
                EventFD.signal(wakeFD)
            }
            return !stopped
        }
        guard first else { return }
        thread.join()
        Descriptor.close(wakeFD)
    }
}
