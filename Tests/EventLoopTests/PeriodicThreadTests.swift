#if canImport(Glibc)
import Glibc
#endif
import Posix
import Synchronization
import Testing

@Suite struct PeriodicThreadTests {
    /// Turns seen by a thread's closure, with a wait that polls against a deadline.
    final class Turns: Sendable {
        let passes = Atomic<Int>(0)
        let finishes = Atomic<Int>(0)

        func record(_ turn: PeriodicThread.Turn) {
            switch turn {
            case .pass: passes.add(1, ordering: .relaxed)
            case .finishing: finishes.add(1, ordering: .relaxed)
            }
        }

        func waitForPasses(atLeast count: Int, seconds: Double = 10) -> Bool {
            let deadline = ProcessResources.monotonicNanoseconds() + UInt64(seconds * 1e9)
            while passes.load(ordering: .relaxed) < count {
                if ProcessResources.monotonicNanoseconds() > deadline { return false }
                usleep(200)  // polling interval, not synchronisation: the deadline bounds it
            }
            return true
        }
    }

    @Test func aWakeRunsAPassLongBeforeTheInterval() throws {
        let turns = Turns()
        // An hour's interval: any pass within the deadline came from the wake.
        let thread = try PeriodicThread(name: "test-wake", intervalMilliseconds: 3_600_000) { turns.record($0) }
        #expect(turns.passes.load(ordering: .relaxed) == 0)
        thread.wake()
        #expect(turns.waitForPasses(atLeast: 1))
        thread.stop()
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
        thread.stop()
        thread.stop()  // idempotent
        let passes = turns.passes.load(ordering: .relaxed)
        thread.wake()  // after stop: nobody listens, nothing runs
        #expect(turns.finishes.load(ordering: .relaxed) == 1)
        #expect(turns.passes.load(ordering: .relaxed) == passes)
    }
}
