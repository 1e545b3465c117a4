#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSystemShims

/// epoll(7): readiness for many descriptors. `data` is an opaque 64-bit tag chosen by the caller.
public final class Epoll {
    public struct Interest: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let readable = Interest(rawValue: cw_epollin() | cw_epollrdhup())
        public static let writable = Interest(rawValue: cw_epollout())
    }

    public struct ReadyEvent {
        public let data: UInt64
        public let events: UInt32
        public var isReadable: Bool { events & (cw_epollin() | cw_epollrdhup()) != 0 }
        public var isWritable: Bool { events & cw_epollout() != 0 }
        public var isError: Bool { events & (cw_epollerr() | cw_epollhup()) != 0 }
    }

    public let fd: Int32
    private let events: UnsafeMutablePointer<epoll_event>
    private let capacity: Int32

    public init(capacity: Int32 = 256) throws(Errno) {
        fd = try blockingSyscall("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
        self.capacity = capacity
        events = .allocate(capacity: Int(capacity))
    }

    deinit {
        events.deallocate()
        Glibc.close(fd)
    }

    public func add(_ descriptor: Int32, interest: Interest, data: UInt64) throws(Errno) {
        try control(EPOLL_CTL_ADD, descriptor, interest, data)
    }

    public func modify(_ descriptor: Int32, interest: Interest, data: UInt64) throws(Errno) {
        try control(EPOLL_CTL_MOD, descriptor, interest, data)
    }

    public func remove(_ descriptor: Int32) {
        var event = epoll_event()
        _ = epoll_ctl(fd, EPOLL_CTL_DEL, descriptor, &event)
    }

    /// Waits up to `timeoutMilliseconds` (-1: forever) and calls `body` for each ready descriptor.
    public func wait(timeoutMilliseconds: Int32, _ body: (ReadyEvent) -> Void) throws(Errno) -> Int {
        let count: Int32
        switch try syscall("epoll_wait", { epoll_wait(fd, events, capacity, timeoutMilliseconds) }) {
        case .done(let n): count = n
        case .wouldBlock: count = 0
        }
        for i in 0..<Int(count) {
            body(ReadyEvent(data: events[i].data.u64, events: events[i].events))
        }
        return Int(count)
    }

    private func control(_ op: Int32, _ descriptor: Int32, _ interest: Interest, _ data: UInt64) throws(Errno) {
        var event = epoll_event()
        event.events = interest.rawValue
        event.data.u64 = data
        _ = try blockingSyscall("epoll_ctl") { epoll_ctl(fd, op, descriptor, &event) }
    }
}
