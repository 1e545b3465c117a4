import Testing
@testable import LoadGenerator

@Suite struct SendScheduleTests {
    /// 4 publishers at 10 msg/s: one send every 25 ms overall, each publisher every 100 ms.
    @Test func spreadsPublishersEvenlyOverOnePeriod() {
        let schedule = SendSchedule(start: 1_000, end: .max, ratePerPublisher: 10, publishers: [0, 1, 2, 3], publisherCount: 4)
        #expect((0..<6).map { schedule.time(of: $0) - 1_000 } == [0, 25_000_000, 50_000_000, 75_000_000, 100_000_000, 125_000_000])
    }

    /// A thread holding publishers 1 and 3 of 4 keeps their global phases.
    @Test func aThreadsShareKeepsGlobalPhases() {
        let schedule = SendSchedule(start: 0, end: .max, ratePerPublisher: 10, publishers: [1, 3], publisherCount: 4)
        #expect((0..<4).map { schedule.time(of: $0) } == [25_000_000, 75_000_000, 125_000_000, 175_000_000])
    }

    @Test func sendsEverythingDueAndNothingEarly() {
        var schedule = SendSchedule(start: 0, end: .max, ratePerPublisher: 1_000, publishers: [0, 1], publisherCount: 2)
        var sent: [(Int, UInt32, UInt64)] = []
        schedule.takeDue(now: 1_200_000) { sent.append(($0, $1, $2)) }
        // Due at 0, 0.5 ms, 1 ms; the next (1.5 ms) is not.
        #expect(sent.map(\.0) == [0, 1, 0])
        #expect(sent.map(\.1) == [0, 0, 1])
        #expect(sent.map(\.2) == [0, 500_000, 1_000_000])
        #expect(schedule.nextDeadline == 1_500_000)
    }

    /// Open loop: after a 10 ms stall the late messages keep their scheduled times, so the stall
    /// is charged as latency and lag (no coordinated omission), and the schedule does not slip.
    @Test func aStallDoesNotMoveTheSchedule() {
        var schedule = SendSchedule(start: 0, end: .max, ratePerPublisher: 1_000, publishers: [0], publisherCount: 1)
        var lag = LatencyHistogram()
        let now: UInt64 = 10_000_000
        var count = 0
        schedule.takeDue(now: now) { _, _, scheduled in
            lag.record(nanoseconds: now - scheduled)
            count += 1
        }
        #expect(count == 11)
        #expect(lag.maxMicros >= 9_990 && lag.maxMicros <= 10_010)
        #expect(lag.micros(at: 0) == 0)
        #expect(schedule.nextDeadline == 11_000_000)
    }

    @Test func endsAtTheEnd() {
        var schedule = SendSchedule(start: 0, end: 3_000_000, ratePerPublisher: 1_000, publishers: [0], publisherCount: 1)
        var count = 0
        schedule.takeDue(now: .max) { _, _, _ in count += 1 }
        #expect(count == 3)
        #expect(schedule.nextDeadline == nil)
    }

    @Test func measuredWindowExcludesWarmup() {
        let timing = RunTiming(start: 100, warmupNanoseconds: 50, durationNanoseconds: 1_000, ratePerPublisher: 1)
        #expect(!timing.isMeasured(149))
        #expect(timing.isMeasured(150))
        #expect(timing.isMeasured(1_149))
        #expect(!timing.isMeasured(1_150))
    }
}
