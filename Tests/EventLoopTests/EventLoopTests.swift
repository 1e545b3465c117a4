#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import EventLoop
import Posix

/// Records what the loop calls; stops the loop when told to.
final class Probe: IOHandler {
    let loop: EventLoop
    let fd: Int32
    var registration: Registration?
    var calls: [String] = []
    var stopAfter: String?

    init(loop: EventLoop, fd: Int32) {
        self.loop = loop
        self.fd = fd
    }

    private func record(_ call: String) {
        calls.append(call)
        if call == stopAfter { loop.stop() }
    }

    func readable() {
        let bytes = SocketPair.readAll(fd)
        record(bytes.isEmpty ? "eof" : "read \(bytes.count)")
    }
    func writable() { record("writable") }
    func timerFired() { record("timer") }
    func flush() { record("flush") }
}

@Suite struct EventLoopTests {
    @Test func readableDataReachesTheHandlerThenTheFlushRuns() throws {
        let loop = try EventLoop(index: 0)
        let pair = SocketPair()
        defer { pair.close() }
        let probe = Probe(loop: loop, fd: pair.right)
        let registration = try loop.register(pair.right, interest: .readable, handler: probe)
        probe.registration = registration
        _ = [UInt8](repeating: 7, count: 10).withUnsafeBytes { write(pair.left, $0.baseAddress, 10) }
        loop.needsFlush(registration)
        loop.needsFlush(registration)
        probe.stopAfter = "flush"
        loop.run()
        #expect(probe.calls == ["read 10", "flush"])
    }

    @Test func aTimerFiresOnceAtItsDeadlineAndAReplacedDeadlineIsIgnored() throws {
        let loop = try EventLoop(index: 0, timerTickNanoseconds: 1_000_000)
        let pair = SocketPair()
        defer { pair.close() }
        let probe = Probe(loop: loop, fd: pair.right)
        let registration = try loop.register(pair.right, interest: .readable, handler: probe)
        let start = ProcessResources.monotonicNanoseconds()
        loop.setTimer(registration, deadline: start + 5_000_000)
        loop.setTimer(registration, deadline: start + 20_000_000)  // replaces the first
        probe.stopAfter = "timer"
        loop.run()
        #expect(probe.calls == ["timer"])
        #expect(ProcessResources.monotonicNanoseconds() - start >= 20_000_000)
    }

    @Test func aReusedSlotNeverReceivesTheOldRegistrationsEvents() throws {
        let loop = try EventLoop(index: 0)
        let first = SocketPair()
        let second = SocketPair()
        defer { second.close() }
        let old = Probe(loop: loop, fd: first.right)
        let oldRegistration = try loop.register(first.right, interest: .readable, handler: old)
        loop.deregister(oldRegistration)
        first.close()
        let fresh = Probe(loop: loop, fd: second.right)
        let freshRegistration = try loop.register(second.right, interest: .readable, handler: fresh)
        #expect(freshRegistration.slot == oldRegistration.slot)
        #expect(freshRegistration.generation != oldRegistration.generation)
        #expect(loop.handler(for: oldRegistration) == nil)
        // Timers and flushes addressed to the old registration are dropped.
        loop.setTimer(oldRegistration, deadline: 1)
        loop.needsFlush(oldRegistration)
        _ = [UInt8]([1]).withUnsafeBytes { write(second.left, $0.baseAddress, 1) }
        fresh.stopAfter = "read 1"
        loop.run()
        #expect(old.calls.isEmpty)
        #expect(fresh.calls == ["read 1"])
    }

    @Test func writeInterestReportsWritableUntilRemoved() throws {
        let loop = try EventLoop(index: 0)
        let pair = SocketPair()
        defer { pair.close() }
        let probe = Probe(loop: loop, fd: pair.left)
        let registration = try loop.register(pair.left, interest: [.readable, .writable], handler: probe)
        probe.stopAfter = "writable"
        loop.run()
        loop.setInterest(registration, .readable)
        #expect(probe.calls == ["writable"])
    }
}
