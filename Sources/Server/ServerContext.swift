import Logging
import Synchronization
import TLS
import WebSocket

/// What every loop shares, read-only after start (plus atomic counters).
final class ServerContext: Sendable {
    let configuration: ServerConfiguration
    let staticFiles: StaticFiles
    let handles: [LoopHandle]
    let applications: [ApplicationEndpoint]
    let metrics: [LoopMetrics]
    let tls: TLSContext?
    let logger: Logger
    /// Open TCP connections over all loops, for the --max-connections limit.
    let openConnections = Atomic<Int>(0)
    let limits: WebSocketLimits
    /// Added to every response (`encode(_:keepAlive:)`).
    let securityHeaders: [(name: String, value: String)]
    let deflate: DeflateConfiguration?
    /// Timeouts in nanoseconds.
    let handshakeTimeout: UInt64
    let idleTimeout: UInt64
    let pingInterval: UInt64
    let pingTimeout: UInt64
    /// How long an application may take to answer an HTTP request before the server sends 503.
    let replyTimeout: UInt64
    /// The `/r/ROOM` rooms' owners and sizes (Rooms/).
    let rooms: RoomDirectory
    /// How long a closing handshake or a lingering close may take before the socket is dropped.
    let closeTimeout: UInt64 = 3_000_000_000

    init(configuration: ServerConfiguration, staticFiles: StaticFiles, handles: [LoopHandle],
         applications: [ApplicationEndpoint], tls: TLSContext?, logger: Logger) {
        self.applications = applications
        self.configuration = configuration
        self.staticFiles = staticFiles
        self.handles = handles
        self.tls = tls
        self.logger = logger
        metrics = handles.map { _ in LoopMetrics() }
        rooms = RoomDirectory(loopCount: handles.count)
        limits = configuration.webSocketLimits
        securityHeaders = SecurityHeaders.make(allowedOrigins: configuration.allowedOrigins)
        deflate = configuration.deflate ? DeflateConfiguration() : nil
        func nanos(_ seconds: Double) -> UInt64 { UInt64(seconds * 1e9) }
        handshakeTimeout = nanos(configuration.handshakeTimeout)
        idleTimeout = nanos(configuration.idleTimeout)
        pingInterval = nanos(configuration.pingInterval)
        pingTimeout = nanos(configuration.pingTimeout)
        replyTimeout = nanos(configuration.httpReplyTimeout)
    }

    /// The application endpoint that answers HTTP requests for this path, if any.
    func httpApplication(for path: String) -> Int? {
        guard path != "/healthz", path != "/metrics" else { return nil }
        return applications.firstIndex { $0.servesHTTP(path) }
    }
}
