import HTTP
import WebSocket

/// A WebSocket application served on one path (the care protocol is one), optionally with HTTP
/// routes. The server makes one instance per loop with `ApplicationEndpoint.make`; every call
/// happens on that loop's thread, so an instance keeps loop-local state without locks.
public protocol Application: AnyObject {
    /// What the instances on other loops (and other threads) post to this one: one enum per
    /// application, so a post names its type and `handle(_:)` switches over it exhaustively.
    associatedtype Mail: Sendable = Never
    /// Once, after every loop's instances exist and before any listener accepts: the place for
    /// recovery that posts to other loops (or to this one). Nothing is delivered before it.
    func start()
    /// The handshake succeeded; `peer` can send from now on.
    func opened(_ peer: Peer)
    /// A text or binary message (control frames are handled by the server).
    func received(_ message: WebSocketEvent, from peer: Peer)
    /// The connection ended (closing handshake, error or drop). `peer` can no longer send.
    func closed(_ peer: Peer)
    /// Mail posted through a `Postbox` or an `ApplicationInbox`, on this loop, in posting order per
    /// posting thread (never re-entrantly from inside another call of this instance).
    func handle(_ mail: Mail)
    /// Once a second, from the loop's housekeeping timer (token expiry, deadlines, retries).
    func tick()
    /// An HTTP request on one of the endpoint's `httpPaths`, with its complete body. Answer it
    /// once through `responder`, now or later (e.g. after a store commit comes back through
    /// `handle`), on this loop's thread; the connection answers nothing else meanwhile.
    func request(_ request: HTTPRequest, responder: HTTPResponder)
}

extension Application where Mail == Never {
    public func handle(_ mail: Never) {}
}

extension Application {
    /// The server's mailbox carries every endpoint's mail in one enum case; the `Postbox` that
    /// posted it was typed by this application, so the cast cannot fail.
    func deliver(posted mail: any Sendable) {
        guard let mail = mail as? Mail else { preconditionFailure("mail of type \(type(of: mail)) for \(Self.self)") }
        handle(mail)
    }

    public func start() {}
    public func tick() {}

    /// Applications without HTTP routes compile unchanged; a request reaching one gets 404.
    public func request(_ request: HTTPRequest, responder: HTTPResponder) {
        responder.respond(.text(404, "not found\n"))
    }
}

/// Where an application is served and how to make its per-loop instance.
public struct ApplicationEndpoint: Sendable {
    public let path: String
    /// Subprotocols in preference order; with `requireSubprotocol` a client offering none is refused (400).
    public let subprotocols: [String]
    public let requireSubprotocol: Bool
    /// HTTP requests whose path equals one of these, or starts with one that ends in "/", go to
    /// this endpoint's instance on the loop that received them (before static files; /healthz
    /// and /metrics stay the server's).
    public let httpPaths: [String]
    public let make: @Sendable (LoopServices) -> any Application
    /// Lines appended to /metrics (Prometheus text format, each with its HELP and TYPE), read on
    /// whichever loop serves the request: it must be thread-safe.
    public let metrics: (@Sendable () -> String)?

    public init(path: String, subprotocols: [String], requireSubprotocol: Bool, httpPaths: [String] = [],
                metrics: (@Sendable () -> String)? = nil,
                make: @escaping @Sendable (LoopServices) -> any Application) {
        self.httpPaths = httpPaths
        self.metrics = metrics
        self.path = path
        self.subprotocols = subprotocols
        self.requireSubprotocol = requireSubprotocol
        self.make = make
    }

    func servesHTTP(_ path: String) -> Bool {
        httpPaths.contains { $0.hasSuffix("/") ? path.hasPrefix($0) : path == $0 }
    }
}
