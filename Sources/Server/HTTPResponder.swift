import HTTP

/// Answers one `HTTPRequest`, once, now or later, on the loop thread that received it. After the
/// connection closed, the answer timed out (`--http-reply-timeout`, the server sent 503) or a
/// first answer, `respond` does nothing. Not Sendable: another thread posts to the application's
/// inbox, and the application responds from its loop.
public struct HTTPResponder {
    private let deliver: (HTTPReply) -> Void

    /// Holds the socket weakly: a responder kept past the connection does not keep it alive.
    init(socket: ClientSocket, sequence: UInt64) {
        deliver = { [weak socket] reply in socket?.replied(reply, to: sequence) }
    }

    /// For applications' own tests: a responder that hands the reply to `deliver`.
    public init(_ deliver: @escaping (HTTPReply) -> Void) {
        self.deliver = deliver
    }

    public func respond(_ reply: HTTPReply) {
        deliver(reply)
    }
}

@available(*, unavailable)
extension HTTPResponder: Sendable {}
