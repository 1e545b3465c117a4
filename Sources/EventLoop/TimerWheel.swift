/// A hashed timing wheel (one bucket per tick) for connection deadlines: handshake, idle, ping.
/// Insert is O(1); cancellation is lazy: the owner keeps the deadline it wants and ignores
/// entries that no longer match it. Pure: time comes in as nanoseconds, nothing reads a clock.
public struct TimerWheel {
    public struct Entry: Equatable {
        public let registration: Registration
        public let deadline: UInt64
    }

    public let tickNanoseconds: UInt64
    private var buckets: [[Entry]]
    private var mask: Int
    /// The last tick whose bucket has been processed.
    private var processedTick: UInt64
    public private(set) var count = 0

    /// - Parameters:
    ///   - tickNanoseconds: resolution; deadlines fire up to one tick late, never early.
    ///   - bucketCount: rounded up to a power of two; deadlines beyond one revolution wait for more rounds.
    public init(tickNanoseconds: UInt64 = 50_000_000, bucketCount: Int = 1024, now: UInt64) {
        precondition(tickNanoseconds > 0 && bucketCount > 0)
        var size = 1
        while size < bucketCount { size <<= 1 }
        self.tickNanoseconds = tickNanoseconds
        buckets = Array(repeating: [], count: size)
        mask = size - 1
        processedTick = now / tickNanoseconds
    }

    public mutating func schedule(_ registration: Registration, deadline: UInt64) {
        // Never place an entry in a bucket that has already been passed in this revolution.
        let tick = max(deadline / tickNanoseconds + (deadline % tickNanoseconds == 0 ? 0 : 1), processedTick + 1)
        buckets[Int(tick & UInt64(mask))].append(Entry(registration: registration, deadline: deadline))
        count += 1
    }

    /// Removes and returns every entry whose deadline is at or before `now`.
    public mutating func expire(now: UInt64, into fired: inout [Entry]) {
        let currentTick = now / tickNanoseconds
        guard currentTick > processedTick, count > 0 else {
            processedTick = max(processedTick, currentTick)
            return
        }
        // After a long sleep, one pass over every bucket is enough.
        let steps = min(currentTick - processedTick, UInt64(buckets.count))
        var tick = currentTick - steps + 1
        while tick <= currentTick {
            let index = Int(tick & UInt64(mask))
            if !buckets[index].isEmpty {
                var kept: [Entry] = []
                for entry in buckets[index] {
                    if entry.deadline <= now { fired.append(entry) } else { kept.append(entry) }
                }
                count -= buckets[index].count - kept.count
                buckets[index] = kept
            }
            tick += 1
        }
        processedTick = currentTick
    }

    /// Milliseconds until the next tick that holds an entry (looking ahead a bounded number of
    /// buckets), or nil when the wheel is empty. Used as the epoll_wait timeout.
    public func millisecondsUntilNextDeadline(now: UInt64, lookahead: Int = 64) -> Int32? {
        guard count > 0 else { return nil }
        let currentTick = now / tickNanoseconds
        var ahead = 1
        while ahead < min(lookahead, buckets.count) {
            if !buckets[Int((currentTick + UInt64(ahead)) & UInt64(mask))].isEmpty { break }
            ahead += 1
        }
        let target = (currentTick + UInt64(ahead)) * tickNanoseconds
        return Int32((target - min(target, now) + 999_999) / 1_000_000)
    }
}
