#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Start-up in phases across threads: each of `parties` threads calls `arrive(at:)` with the
/// phase it finished and sleeps until every party finished it; others (the main thread) may
/// `wait(for:)` a phase without taking part. A party that failed calls `fail`, which wakes every
/// waiter with `false`, so a half-built server never goes on to the next phase.
// @unchecked: `reached` and `failed` are read and written only with `mutex` held; the pthread
// objects live on the heap (they must not move) and are destroyed only in deinit.
public final class PhaseBarrier: @unchecked Sendable {
    private let parties: Int
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// How many parties finished each phase (phases are small integers, in order).
    private var reached: [Int] = []
    private var failed = false

    public init(parties: Int) {
        precondition(parties > 0)
        self.parties = parties
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
    }

    /// This party finished `phase`; returns once all parties have (true) or one failed (false).
    public func arrive(at phase: Int) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while reached.count <= phase { reached.append(0) }
        reached[phase] += 1
        pthread_cond_broadcast(changed)
        return waitLocked(for: phase)
    }

    /// Waits until every party finished `phase` (true) or one failed (false).
    public func wait(for phase: Int) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return waitLocked(for: phase)
    }

    /// A party cannot go on: every waiter, now and later, gets `false`.
    public func fail() {
        pthread_mutex_lock(mutex)
        failed = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    private func waitLocked(for phase: Int) -> Bool {
        while !failed && (reached.count <= phase || reached[phase] < parties) {
            pthread_cond_wait(changed, mutex)
        }
        return !failed
    }
}
