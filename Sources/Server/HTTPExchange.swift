import HTTP

/// A connection's HTTP/1.1 state: the framer, the request deadline, and the request an
/// application has not answered yet. A class, so the body buffer is appended in place while
/// the socket's phase refers to it.
final class HTTPExchange {
    /// The request an application will answer later. Answers go out in request order, so
    /// nothing after it is parsed until it is answered (or its deadline passes).
    struct Pending {
        let sequence: UInt64
        let deadline: UInt64
        let keepAlive: Bool
        let isHead: Bool
    }

    var framer: RequestFramer
    /// When the current request could begin (connection accepted or previous answer queued):
    /// its head and body must arrive within the handshake timeout from here.
    var started: UInt64
    var pending: Pending?
    /// Numbers requests handed to applications, so a late or second answer is recognised.
    var sequence: UInt64 = 0
    /// True while an application's `request` runs: an answer given inside it is queued and the
    /// caller goes on parsing, instead of the answer restarting the parse (re-entrancy).
    var dispatching = false
    /// Bytes that arrived while an answer was pending, parsed once it is queued. Reading pauses
    /// once this passes the size of one request (head limit + body limit), so it holds at most
    /// that plus one read.
    var backlog: [UInt8] = []

    init(maxBodyBytes: Int, started: UInt64) {
        framer = RequestFramer(maxBodyBytes: maxBodyBytes)
        self.started = started
    }
}

@available(*, unavailable)
extension HTTPExchange: Sendable {}
