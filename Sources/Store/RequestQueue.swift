#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The writer's inbox: a bounded FIFO with a condition variable. Unlike a loop's `Mailbox`
/// there is no eventfd: the writer thread has nothing else to wait for, so it sleeps here.
// @unchecked: `items` and `stopping` are read and written only with `mutex` held; the pthread
// objects live on the heap (they must not move) and are destroyed only in deinit.
final class RequestQueue: @unchecked Sendable {
    struct Item: Sendable {
        let request: WriteRequest
        let completion: StoreWriter.Completion
    }

    let limit: Int
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let nonEmpty = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var items: [Item] = []
    private var stopping = false

    init(limit: Int) {
        precondition(limit > 0)
        self.limit = limit
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(nonEmpty, nil)
    }

    deinit {
        pthread_cond_destroy(nonEmpty)
        pthread_mutex_destroy(mutex)
        nonEmpty.deallocate()
        mutex.deallocate()
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// Appends unless stopping or full: a full queue answers `.busy` instead of growing memory.
    func push(_ item: Item) -> StoreWriter.SubmitResult {
        let result: StoreWriter.SubmitResult = locked {
            if stopping { return .stopped }
            if items.count >= limit { return .busy }
            items.append(item)
            return .accepted
        }
        if result == .accepted { pthread_cond_signal(nonEmpty) }
        return result
    }

    /// Blocks until there is work, then takes up to `max` items in FIFO order. Returns an empty
    /// array only once `stop()` was called and everything before it has been taken.
    func take(max: Int) -> [Item] {
        locked {
            while items.isEmpty && !stopping { pthread_cond_wait(nonEmpty, mutex) }
            if items.count <= max {
                var taken: [Item] = []
                swap(&taken, &items)
                return taken
            }
            let taken = Array(items.prefix(max))
            items.removeFirst(max)
            return taken
        }
    }

    /// Refuses further pushes and wakes the writer so it can drain and exit.
    func stop() {
        locked { stopping = true }
        pthread_cond_broadcast(nonEmpty)
    }

    var count: Int { locked { items.count } }
}
