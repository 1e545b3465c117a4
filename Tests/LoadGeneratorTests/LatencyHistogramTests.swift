import Testing
@testable import LoadGenerator

@Suite struct LatencyHistogramTests {
    @Test func percentilesOfAKnownDistribution() {
        var histogram = LatencyHistogram()
        for micros in 1...1_000 { histogram.record(nanoseconds: UInt64(micros) * 1_000) }
        #expect(histogram.count == 1_000)
        #expect(abs(histogram.micros(at: 50) - 500) <= 0.5)
        #expect(abs(histogram.micros(at: 99) - 990) <= 1)
        #expect(abs(histogram.maxMicros - 1_000) <= 1)
    }

    /// Per-thread histograms merged equal one histogram that saw everything.
    @Test func mergeEqualsRecordingEverythingInOne() {
        var a = LatencyHistogram(), b = LatencyHistogram(), all = LatencyHistogram()
        for value in stride(from: UInt64(1_000), to: 5_000_000, by: 997) {
            if value % 3 == 0 { a.record(nanoseconds: value) } else { b.record(nanoseconds: value) }
            all.record(nanoseconds: value)
        }
        var merged = a
        merged.merge(b)
        #expect(merged.count == all.count)
        for p in [0.0, 50, 90, 99, 99.9, 100] { #expect(merged.micros(at: p) == all.micros(at: p)) }
        var statsA = ThreadStats(), statsB = ThreadStats()
        statsA.latency = a
        statsA.delivered = 3
        statsB.latency = b
        statsB.delivered = 4
        statsA.merge(statsB)
        #expect(statsA.latency.count == all.count && statsA.delivered == 7)
    }

    @Test func valuesPastTheCeilingStillCount() {
        var histogram = LatencyHistogram()
        histogram.record(nanoseconds: .max)
        #expect(histogram.count == 1 && histogram.clamped == 1)
    }

    @Test func curveRisesToTheMaximum() {
        var histogram = LatencyHistogram()
        for micros in 1...10_000 { histogram.record(nanoseconds: UInt64(micros) * 1_000) }
        let curve = histogram.curve()
        #expect(curve.first!.percentile == 0)
        #expect(zip(curve, curve.dropFirst()).allSatisfy { $0.percentile < $1.percentile && $0.micros <= $1.micros })
        #expect(abs(curve.last!.micros - 10_000) <= 10)
        #expect(LatencyHistogram().curve().isEmpty && LatencyHistogram().micros(at: 99) == 0)
    }
}
