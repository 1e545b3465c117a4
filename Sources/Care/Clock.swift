/// The port through which the service tells time. Care's functions take `now` as a value; the
/// service reads it from a `Clock` (the system clock in production, a fake one in tests).
public protocol Clock: Sendable {
    func now() -> Instant
}
