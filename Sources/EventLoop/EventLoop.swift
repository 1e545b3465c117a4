import Posix

/// One thread's reactor: wait → dispatch ready descriptors → fire timers → flush writes.
/// Built and run on its own thread; nothing here is Sendable (other threads use a `Mailbox`).
public final class EventLoop {
    public let index: Int
    /// Monotonic nanoseconds, read once per iteration (handlers share one "now").
    public private(set) var now: UInt64
    /// The longest time spent handling one iteration's events since the last `takeMaxLag()`.
    public private(set) var maxIterationNanoseconds: UInt64 = 0

    private let epoll: Epoll
    private var registry = Registry()
    private var timers: TimerWheel
    private var flushList: [Registration] = []
    /// The batch being flushed; swapped with `flushList` so neither allocates per iteration.
    private var flushing: [Registration] = []
    private var firedTimers: [TimerWheel.Entry] = []
    private var running = false
    private let ownerThread: Int32

    public init(index: Int, timerTickNanoseconds: UInt64 = 50_000_000) throws(Errno) {
        self.index = index
        epoll = try Epoll(capacity: 512)
        now = ProcessResources.monotonicNanoseconds()
        timers = TimerWheel(tickNanoseconds: timerTickNanoseconds, now: now)
        ownerThread = Thread.currentID
    }

    public var registeredCount: Int { registry.count }

    @inline(__always)
    private func assertOwner() {
        assert(Thread.currentID == ownerThread, "EventLoop \(index) used from another thread")
    }

    // MARK: Registration

    public func register(_ fd: Int32, interest: Epoll.Interest, handler: any IOHandler) throws(Errno) -> Registration {
        assertOwner()
        let registration = registry.insert(handler, fd: fd)
        do {
            try epoll.add(fd, interest: interest, data: registration.packed)
        } catch {
            registry.remove(registration)
            throw error
        }
        return registration
    }

    public func setInterest(_ registration: Registration, _ interest: Epoll.Interest) {
        guard let fd = registry.fd(registration) else { return }
        try? epoll.modify(fd, interest: interest, data: registration.packed)
    }

    /// Forgets a registration (the caller closes the descriptor). Pending events, timers and
    /// flushes for it are dropped by the generation check.
    public func deregister(_ registration: Registration) {
        assertOwner()
        guard let fd = registry.fd(registration) else { return }
        epoll.remove(fd)
        registry.remove(registration)
    }

    public func handler(for registration: Registration) -> (any IOHandler)? {
        registry.handler(registration)
    }

    // MARK: Timers and flushes

    /// Sets the one deadline a registration has (replacing any earlier one); 0 clears it.
    public func setTimer(_ registration: Registration, deadline: UInt64) {
        guard registry.timerDeadline(registration) != deadline else { return }
        registry.setTimer(registration, deadline: deadline)
        if deadline != 0 { timers.schedule(registration, deadline: deadline) }
    }

    /// Asks for `flush()` on the handler at the end of this iteration (once, however often asked).
    @inline(__always)
    public func needsFlush(_ registration: Registration) {
        if registry.markFlush(registration) { flushList.append(registration) }
    }

    // MARK: Running

    public func run() {
        assertOwner()
        running = true
        while running {
            let timeout = timers.millisecondsUntilNextDeadline(now: now) ?? -1
            var started: UInt64 = 0
            _ = try? epoll.wait(timeoutMilliseconds: flushList.isEmpty ? timeout : 0) { event in
                if started == 0 {
                    now = ProcessResources.monotonicNanoseconds()
                    started = now
                }
                dispatch(event)
            }
            if started == 0 {
                now = ProcessResources.monotonicNanoseconds()
                started = now
            }
            fireTimers()
            flushAll()
            let spent = ProcessResources.monotonicNanoseconds() &- started
            if spent > maxIterationNanoseconds { maxIterationNanoseconds = spent }
        }
    }

    /// Makes `run()` return after the current iteration.
    public func stop() {
        running = false
    }

    public func takeMaxIterationNanoseconds() -> UInt64 {
        defer { maxIterationNanoseconds = 0 }
        return maxIterationNanoseconds
    }

    /// Every live handler, e.g. to close them all at shutdown.
    public var handlers: [any IOHandler] { registry.liveHandlers.map(\.1) }

    @inline(__always)
    private func dispatch(_ event: Epoll.ReadyEvent) {
        let registration = Registration(packed: event.data)
        guard let handler = registry.handler(registration) else { return }
        if event.isError && !event.isReadable {
            handler.failed()
            return
        }
        if event.isWritable { handler.writable() }
        // The write handler may have closed the connection; check before reading.
        if event.isReadable, registry.isLive(registration) { handler.readable() }
    }

    private func fireTimers() {
        timers.expire(now: now, into: &firedTimers)
        guard !firedTimers.isEmpty else { return }
        for entry in firedTimers where registry.timerDeadline(entry.registration) == entry.deadline {
            registry.setTimer(entry.registration, deadline: 0)
            registry.handler(entry.registration)?.timerFired()
        }
        firedTimers.removeAll(keepingCapacity: true)
    }

    private func flushAll() {
        // Flushing may queue more flushes (a close frame after an error): loop until quiet.
        while !flushList.isEmpty {
            swap(&flushing, &flushList)
            for registration in flushing {
                registry.clearFlush(registration)
                registry.handler(registration)?.flush()
            }
            flushing.removeAll(keepingCapacity: true)
        }
    }
}

@available(*, unavailable)
extension EventLoop: Sendable {}
