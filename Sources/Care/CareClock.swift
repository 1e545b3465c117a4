/// The port through which the service tells time (not `Clock`, which would hide Swift's). Care's
/// functions take `now` as a value; the service reads it from a `CareClock`: the system's wall
/// clock in production (`Clinic.WallClock`), a fake one in tests.
public protocol CareClock: Sendable {
    func now() -> Instant
}
