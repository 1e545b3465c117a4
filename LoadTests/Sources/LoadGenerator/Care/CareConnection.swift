import Care
import Wire

/// One carewire.v1 connection of a scenario: its socket, token, the visits it follows, and the
/// setup commands waiting for the connection's command budget.
final class CareConnection {
    let seat: Int
    let token: String
    let client: RoomClient
    var welcomed = false
    /// `welcome`s received over the connection's life (reconnects included).
    var welcomes = 0
    /// The seq this connection has seen per visit it follows (from snapshots and events).
    var trackers: [VisitID: SeqTracker] = [:]
    var budget = CommandBudget()
    /// Setup commands not sent yet because the budget was spent (sent from the driver's tick).
    var backlog: [[UInt8]] = []

    init(seat: Int, token: String, client: RoomClient) {
        self.seat = seat
        self.token = token
        self.client = client
    }
}
