import Care
import Wire

/// One load thread's share of a carewire scenario: its decisions; `CareDriver` does the I/O.
/// Everything runs on the driver's loop thread; the main thread starts the phases that span
/// threads (`start`, `reconnect`) once every thread is ready for them.
protocol CareScenarioLogic: AnyObject {
    /// Every connection of this thread is open and welcomed (once): begin the setup, and call
    /// `driver.ready()` when it is done.
    func connected(at now: UInt64, _ driver: CareDriver)
    /// A later `welcome` (a reconnect).
    func welcomed(_ connection: CareConnection, _ driver: CareDriver)
    func handle(_ event: ServerEvent, on connection: CareConnection, at now: UInt64, _ driver: CareDriver)
    /// Every ~50 ms: phase changes, deadlines.
    func tick(now: UInt64, _ driver: CareDriver)
    /// Every thread is ready: the common window begins (open-loop sends through `driver.openLoop`).
    func start(_ timing: RunTiming, _ driver: CareDriver)
    /// storm: every patient reconnects now.
    func reconnect(at now: UInt64, _ driver: CareDriver)
    /// `hello`'s resume map for a (re)connecting connection.
    func resume(for connection: CareConnection) -> [VisitID: UInt64]
    /// Commands sent and not answered yet; the run ends when no thread has any.
    var pending: Int { get }
    /// queue: visits created (acked) on this thread and visits accepted on it. A visit's creator
    /// and its acceptor may sit on different threads, so only the sums must match.
    var handoffs: (created: Int, accepted: Int) { get }
    /// The outcome so far (called when the driver finishes, also on an abort).
    func finalStats(_ driver: CareDriver) -> CareStats
}

extension CareScenarioLogic {
    func welcomed(_ connection: CareConnection, _ driver: CareDriver) {}
    func reconnect(at now: UInt64, _ driver: CareDriver) {}
    func resume(for connection: CareConnection) -> [VisitID: UInt64] { [:] }
    var handoffs: (created: Int, accepted: Int) { (0, 0) }
}
