#if canImport(Glibc)
import Glibc
#endif
import Posix
import Synchronization
import Testing

@Suite struct PeriodicThreadTests {
    /// Turns seen by a thread's closure, with waits that poll against a deadline. The deadline is
    /// generous (30 s) for a loaded machine: a passing test never waits for it.
    final class Turns: Sendable {
        let passes = Atomic<Int>(0)
        let finishes = Atomic<Int>(0)
        /// Passes that came after `.finishing`: the contract says none do.
        let passesAfterFinishing = Atomic<Int>(0)
        /// The kernel thread id the closure runs on.
        let threadID = Atomic<Int32>(0)

        func record(_ turn: PeriodicThread.Turn) {
            threadID.store(Thread.currentID, ordering: .relaxed)
            switch turn {
            case .pass:
                if finishes.load(ordering: .relaxed) > 0 { passesAfterFinishing.add(1, ordering: .relaxed) }
                passes.add(1, ordering: .relaxed)
            case .finishing: finishes.add(1, ordering: .relaxed)
            }
        }

        func waitForPasses(atLeast count: Int, seconds: Double = 30) -> Bool {
            waitUntil(seconds: seconds) { passes.load(ordering: .relaxed) >= count }
        }
    }

    static func waitUntil(seconds: Double = 30, _ condition: () -> Bool) -> Bool {
        let deadline = ProcessResources.monotonicNanoseconds() + UInt64(seconds * 1e9)
        while !condition() {
            if ProcessResources.monotonicNanoseconds() > deadline { return false }
            usleep(200)  // polling interval, not synchronisation: the deadline bounds it
        }
        return true
    }

    /// Whether the kernel still has this thread of our process.
    static func threadExists(_ id: Int32) -> Bool {
        access("/proc/self/task/\(id)", F_OK) == 0
    }

    @Test func eachWakeRunsOnePassLongBeforeTheInterval() throws {
        let turns = Turns()
        // An hour's interval: every pass within the deadlines came from a wake.
        let thread = try PeriodicThread(name: "test-wake", intervalMilliseconds: 3_600_000) { turns.record($0) }
        for wakes in 1...3 {
            thread.wake()
            #expect(turns.waitForPasses(atLeast: wakes), "no pass for wake \(wakes)")
        }
        thread.stop()
        // `stop()` joined the thread, so these counts are final: one pass per wake (each wake
        // came after the previous pass began), no pass for the stop itself, one finishing.
        #expect(turns.passes.load(ordering: .relaxed) == 3)
        #expect(turns.finishes.load(ordering: .relaxed) == 1)
    }

    @Test func theIntervalRunsPassesWithoutWakes() throws {
        let turns = Turns()
        let thread = try PeriodicThread(name: "test-interval", intervalMilliseconds: 1) { turns.record($0) }
        #expect(turns.waitForPasses(atLeast: 3))
        thread.stop()
    }

    @Test func stopFinishesOnceAndNoPassFollows() throws {
        let turns = Turns()
        let thread = try PeriodicThread(name: "test-stop", intervalMilliseconds: 3_600_000) { turns.record($0) }
        // Positive control: a wake on the running thread is seen as a pass, on a thread the
        // kernel lists; the checks below look for exactly these two things.
        thread.wake()
        #expect(turns.waitForPasses(atLeast: 1))
        let id = turns.threadID.load(ordering: .relaxed)
        #expect(id != 0 && Self.threadExists(id))

        thread.stop()
        thread.stop()  // idempotent
        #expect(turns.finishes.load(ordering: .relaxed) == 1)
        // The thread is gone (it exits right after `stop()` joined it): nothing is left that
        // could run a pass, whatever wakes it.
        #expect(Self.waitUntil { !Self.threadExists(id) }, "thread \(id) still runs after stop()")
        let passes = turns.passes.load(ordering: .relaxed)
        thread.wake()  // after stop: nobody listens, nothing runs
        #expect(turns.passes.load(ordering: .relaxed) == passes)
        #expect(turns.passesAfterFinishing.load(ordering: .relaxed) == 0)
    }
}
