import Synchronization

/// Counters of one loop. Only that loop writes them (relaxed, uncontended); `/metrics` on any
/// loop reads and sums every loop's counters.
public final class LoopMetrics: Sendable {
    public enum Counter: Int, CaseIterable, Sendable {
        case connections, webSockets, messagesIn, messagesOut, bytesIn, bytesOut
        case httpRequests, rejectedConnections, slowReadersClosed
        /// Room connections moved to the room's owner loop at their upgrade.
        case handovers
        /// The longest iteration in the last sampling period, in nanoseconds (a gauge).
        case loopLagNanoseconds
    }

    /// Close codes 1000...1015 by offset; index 16 counts every other code.
    static let closeCodeSlots = 17

    private let counters: InlineArray<11, Atomic<Int>>
    private let closes: InlineArray<17, Atomic<Int>>

    public init() {
        counters = InlineArray { _ in Atomic(0) }
        closes = InlineArray { _ in Atomic(0) }
    }

    @inline(__always)
    public func add(_ counter: Counter, _ amount: Int = 1) {
        counters[counter.rawValue].wrappingAdd(amount, ordering: .relaxed)
    }

    public func set(_ counter: Counter, _ value: Int) {
        counters[counter.rawValue].store(value, ordering: .relaxed)
    }

    public func value(_ counter: Counter) -> Int {
        counters[counter.rawValue].load(ordering: .relaxed)
    }

    public func countClose(code: UInt16) {
        let index = code >= 1000 && code <= 1015 ? Int(code - 1000) : 16
        closes[index].wrappingAdd(1, ordering: .relaxed)
    }

    func closes(slot: Int) -> Int {
        closes[slot].load(ordering: .relaxed)
    }
}
