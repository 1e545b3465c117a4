import Histogram

/// Nanosecond latencies from 1 ns to 100 s at 3 significant digits (HdrHistogram).
/// One per thread while running (no sharing on the hot path), merged once at the end.
public struct LatencyHistogram: Sendable {
    public private(set) var histogram = Histogram<UInt64>(
        lowestDiscernibleValue: 1, highestTrackableValue: Self.ceiling, numberOfSignificantValueDigits: .three)
    /// Values past the ceiling, recorded at the ceiling (so they still count).
    public private(set) var clamped: UInt64 = 0
    static let ceiling: UInt64 = 100_000_000_000

    public init() {}

    public mutating func record(nanoseconds value: UInt64) {
        if value >= Self.ceiling { clamped += 1 }
        _ = histogram.record(min(value, Self.ceiling))
    }

    public mutating func merge(_ other: LatencyHistogram) {
        histogram.add(other.histogram)
        clamped += other.clamped
    }

    public var count: UInt64 { histogram.totalCount }

    /// Microseconds at a percentile (0...100); 0 when empty.
    public func micros(at percentile: Double) -> Double {
        guard count > 0 else { return 0 }
        return Double(histogram.valueAtPercentile(percentile)) / 1000
    }

    public var maxMicros: Double { count > 0 ? Double(histogram.max) / 1000 : 0 }
    public var meanMicros: Double { count > 0 ? histogram.mean / 1000 : 0 }

    /// (percentile, µs) points for the percentile curve, dense in the tail.
    public func curve() -> [(percentile: Double, micros: Double)] {
        guard count > 0 else { return [] }
        var points: [(Double, Double)] = []
        for step in histogram.percentiles(ticksPerHalfDistance: 5) {
            let point = (min(step.percentileLevelIteratedTo, 100), Double(step.value) / 1000)
            if points.last.map({ $0.0 != point.0 }) ?? true { points.append(point) }
            if point.0 >= 99.9999 { break }
        }
        return points
    }
}
