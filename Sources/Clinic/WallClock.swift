import Care
import Posix

/// The system's wall clock as Care counts time (the `CareClock` port of Care), shifted by
/// `--clock-offset-ms` so tests can move a running server's days forward. Care's rules take
/// `now` as a value; the clinic reads it here, at the edge, and tests give the clinic a fake.
public struct WallClock: CareClock {
    public let offsetMilliseconds: Int64

    public init(offsetMilliseconds: Int64 = 0) { self.offsetMilliseconds = offsetMilliseconds }

    public func now() -> Instant {
        // The offset is bounded when parsed (± 10 years), so the sum cannot overflow.
        Instant(millisecondsSinceEpoch: Int64(ProcessResources.wallClockSeconds() * 1000) + offsetMilliseconds)
    }
}
