import Synchronization

/// Counters of one loop. Only that loop writes them (relaxed, uncontended); `/metrics` on any
/// loop reads and sums every loop's counters.
public final class LoopMetrics: Sendable {
    public let connections = Atomic<Int>(0)
    public let webSockets = Atomic<Int>(0)
    public let messagesIn = Atomic<Int>(0)
    public let messagesOut = Atomic<Int>(0)
    public let bytesIn = Atomic<Int>(0)
    public let bytesOut = Atomic<Int>(0)
    public let httpRequests = Atomic<Int>(0)
    public let rejectedConnections = Atomic<Int>(0)
    /// The longest iteration seen in the last sampling period, in nanoseconds.
    public let loopLagNanoseconds = Atomic<Int>(0)
    /// Close codes 1000...1015 by offset; index 16 counts every other code.
    let closesByCode: [Atomic<Int>]

    public init() {
        closesByCode = (0...16).map { _ in Atomic<Int>(0) }
    }

    @inline(__always)
    public func add(_ counter: KeyPath<LoopMetrics, Atomic<Int>>, _ amount: Int = 1) {
        self[keyPath: counter].add(amount, ordering: .relaxed)
    }

    public func countClose(code: UInt16) {
        let index = code >= 1000 && code <= 1015 ? Int(code - 1000) : 16
        closesByCode[index].add(1, ordering: .relaxed)
    }
}

extension Atomic where Value == Int {
    @inline(__always)
    func add(_ amount: Int, ordering: AtomicUpdateOrdering) {
        _ = wrappingAdd(amount, ordering: ordering)
    }
}
