import Posix

/// Everything a carewire load thread needs to know before it starts, handed across as one value.
struct CareThreadPlan: Sendable {
    var index: Int
    var address: SocketAddress
    var host: String
    /// This thread's seats (global indices, ascending) and their tokens.
    var seats: [(seat: Int, token: String)]
    /// Seats over all threads.
    var seatCount: Int
    /// Handshakes in flight at once on this thread: its part of the run's 64.
    var connectWindow: Int
}
