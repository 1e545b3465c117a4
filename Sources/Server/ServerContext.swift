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
    /// Members per room (kept by each room's owner loop, read by any loop at an upgrade). Joins and
    /// leaves are rare next to messages, so one lock is cheap.
    private let roomSizes = Mutex<[String: Int]>([:])
    /// Rooms up to this size gather their members on the owner loop; a larger room (the queue
    /// view every clinician of a unit watches) keeps the rest spread, so its fan-out uses every
    /// core instead of saturating one.
    static let affinityRoomLimit = 64
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

    func roomSize(_ name: String) -> Int {
        roomSizes.withLock { $0[name] ?? 0 }
    }

    func roomSizeChanged(_ name: String, by delta: Int) {
        roomSizes.withLock { sizes in
            let size = (sizes[name] ?? 0) + delta
            sizes[name] = size > 0 ? size : nil
        }
    }

    /// The loop that owns a room: FNV-1a of its name, so every loop agrees without talking.
    func owner(ofRoom name: String) -> Int {
        var hash: UInt32 = 0x811c_9dc5
        for byte in name.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return Int(hash % UInt32(handles.count))
    }
}
