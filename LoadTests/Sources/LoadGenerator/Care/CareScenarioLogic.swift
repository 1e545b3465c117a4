import Care
import Wire

/// A carewire scenario's decisions; `CareDriver` does the I/O. Everything runs on the driver's
/// loop thread.
protocol CareScenarioLogic: AnyObject {
    /// Every connection is open and welcomed (once, at the start): begin the setup.
    func connected(at now: UInt64, _ driver: CareDriver)
    /// A later `welcome` (a reconnect).
    func welcomed(_ connection: CareConnection, _ driver: CareDriver)
    func handle(_ event: ServerEvent, on connection: CareConnection, at now: UInt64, _ driver: CareDriver)
    /// Every ~50 ms: phase changes, deadlines.
    func tick(now: UInt64, _ driver: CareDriver)
    /// The precise pacer fired (open-loop sends).
    func pacerFired(now: UInt64, _ driver: CareDriver)
    /// `hello`'s resume map for a (re)connecting connection.
    func resume(for connection: CareConnection) -> [VisitID: UInt64]
    /// The outcome so far (called when the driver finishes, also on an abort).
    func finalStats(_ driver: CareDriver) -> CareStats
}
