import Posix
import Synchronization
import Testing

/// The server's start-up phases: no party passes a phase before every party finished it, and a
/// failed party releases everyone with `false` (a half-built server never goes on).
@Suite struct PhaseBarrierTests {
    @Test func noPartyPassesAPhaseBeforeAllFinishedIt() {
        let parties = 4
        let barrier = PhaseBarrier(parties: parties)
        let finished = Atomic<Int>(0)
        let violations = Atomic<Int>(0)
        let threads = (0..<parties).map { _ in
            Thread(name: "party") {
                for phase in 0..<3 {
                    finished.add(1, ordering: .sequentiallyConsistent)
                    guard barrier.arrive(at: phase) else { return }
                    // Everyone finished this phase before anyone got here.
                    if finished.load(ordering: .sequentiallyConsistent) < (phase + 1) * parties {
                        violations.add(1, ordering: .sequentiallyConsistent)
                    }
                }
            }
        }
        #expect(barrier.wait(for: 2))
        threads.forEach { $0.join() }
        #expect(finished.load(ordering: .sequentiallyConsistent) == 3 * parties)
        #expect(violations.load(ordering: .sequentiallyConsistent) == 0)
    }

    @Test func aFailedPartyReleasesEveryoneWithFalse() {
        let barrier = PhaseBarrier(parties: 3)
        let results = Mutex<[Bool]>([])
        let waiting = (0..<2).map { _ in
            Thread(name: "party") {
                let passed = barrier.arrive(at: 0)
                results.withLock { $0.append(passed) }
            }
        }
        barrier.fail()  // the third party could not build its loop
        waiting.forEach { $0.join() }
        #expect(results.withLock { $0 } == [false, false])
        #expect(!barrier.wait(for: 0))
        #expect(!barrier.arrive(at: 1))
    }
}
