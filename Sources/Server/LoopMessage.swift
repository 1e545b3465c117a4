import WebSocket

/// What one loop asks of another. Values, not closures: they can be counted, logged and tested.
enum LoopMessage: Sendable {
    /// Write an encoded message to these connections (all owned by the receiving loop), except one
    /// (a room's sender, so the stored member list travels without a filtered copy).
    case deliver(SharedMessage, [ConnectionID], except: ConnectionID?)
    /// For the `/r/ROOM` rooms (Rooms/).
    case room(RoomMessage)
    /// The `--metrics-address` listening socket, for loop 0 to accept on (`MetricsListener`).
    case adoptMetricsListener(Int32)
    /// A value for the application of endpoint N on the receiving loop.
    case application(Int, any Sendable)
    /// Stop accepting, close every WebSocket with 1001, stop when drained.
    case shutdown
}
