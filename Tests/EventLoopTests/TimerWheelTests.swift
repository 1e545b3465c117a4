import Testing
@testable import EventLoop

@Suite struct TimerWheelTests {
    let tick: UInt64 = 50_000_000
    func registration(_ slot: UInt32) -> Registration { Registration(slot: slot, generation: 1) }

    @Test func entryFiresAtItsDeadlineNeverBefore() {
        var wheel = TimerWheel(tickNanoseconds: tick, bucketCount: 16, now: 0)
        wheel.schedule(registration(1), deadline: 120_000_000)
        var fired: [TimerWheel.Entry] = []
        wheel.expire(now: 119_999_999, into: &fired)
        #expect(fired.isEmpty)
        wheel.expire(now: 150_000_000, into: &fired)
        #expect(fired == [TimerWheel.Entry(registration: registration(1), deadline: 120_000_000)])
        #expect(wheel.count == 0)
    }

    @Test func deadlinesBeyondOneRevolutionWaitForTheirRound() {
        var wheel = TimerWheel(tickNanoseconds: tick, bucketCount: 4, now: 0)
        // Four buckets cover 200 ms; this deadline is three revolutions away.
        wheel.schedule(registration(7), deadline: 610_000_000)
        var fired: [TimerWheel.Entry] = []
        var now: UInt64 = 0
        while now < 600_000_000 {
            now += tick
            wheel.expire(now: now, into: &fired)
            #expect(fired.isEmpty)
        }
        wheel.expire(now: 650_000_000, into: &fired)
        #expect(fired.count == 1)
    }

    @Test func aLongSleepExpiresEverythingDueInOnePass() {
        var wheel = TimerWheel(tickNanoseconds: tick, bucketCount: 8, now: 0)
        for slot in 0..<100 { wheel.schedule(registration(UInt32(slot)), deadline: UInt64(slot + 1) * 10_000_000) }
        var fired: [TimerWheel.Entry] = []
        wheel.expire(now: 10_000_000_000, into: &fired)
        #expect(fired.count == 100)
        #expect(wheel.count == 0)
    }

    @Test func aDeadlineInThePastFiresOnTheNextTick() {
        var wheel = TimerWheel(tickNanoseconds: tick, bucketCount: 8, now: 1_000_000_000)
        wheel.schedule(registration(1), deadline: 10)
        var fired: [TimerWheel.Entry] = []
        wheel.expire(now: 1_050_000_000, into: &fired)
        #expect(fired.count == 1)
    }

    @Test func timeoutPointsAtTheNextOccupiedTick() {
        var wheel = TimerWheel(tickNanoseconds: tick, bucketCount: 1024, now: 0)
        #expect(wheel.millisecondsUntilNextDeadline(now: 0) == nil)
        wheel.schedule(registration(1), deadline: 500_000_000)
        #expect(wheel.millisecondsUntilNextDeadline(now: 0) == 500)
        #expect(wheel.millisecondsUntilNextDeadline(now: 499_000_000) == 1)
    }
}
