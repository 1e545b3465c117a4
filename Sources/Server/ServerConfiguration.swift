import Posix
import WebSocket

/// Everything the server is told at start, validated once. Every limit is explicit here.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port: UInt16 = 8080
    /// Event loops (one thread each); 0 means one per core.
    public var loops = 0
    public var webRoot = "Web"
    /// Enables the `/echo` endpoint (conformance and transport tests).
    public var echo = false
    /// Enables `/r/ROOM` room broadcast (the benchmark's room-path protocol).
    public var rooms = false
    /// Exact origins allowed to open WebSockets; "*" allows any. Requests without Origin are allowed.
    public var allowedOrigins: [String] = []
    public var deflate = true
    public var tlsCertificatePath: String?
    public var tlsPrivateKeyPath: String?

    public var maxFrameBytes = 1 << 20
    public var maxMessageBytes = 1 << 20
    public var maxFragments = 1024
    /// Ceiling on a message's size after inflation (zip-bomb guard); defaults to maxMessageBytes.
    public var maxInflatedBytes: Int?
    /// Largest HTTP request body (Content-Length); a longer one is refused with 413 unread.
    public var maxRequestBodyBytes = 64 << 10
    /// Seconds an application has to answer an HTTP request before the server answers 503.
    public var httpReplyTimeout: Double = 30
    /// Seconds a client has to complete an HTTP request, head and body (slowloris guard).
    public var handshakeTimeout: Double = 10
    /// Seconds without receiving anything before a WebSocket is closed.
    public var idleTimeout: Double = 120
    /// Seconds of silence before the server pings; 0 disables pings.
    public var pingInterval: Double = 30
    /// Seconds to wait for any frame after a ping before closing with 1011.
    public var pingTimeout: Double = 10
    /// Queued bytes above which a socket counts as slow (fan-out may skip ephemeral events).
    public var sendQueueHighWater = 64 << 10
    /// Queued bytes at which a socket that does not read is closed (1008).
    public var sendQueueLimit = 4 << 20
    public var maxConnections = 20_000
    /// Serve `/metrics` (and `/healthz`) on a listener of their own instead of the service port.
    public var metricsAddress: ListenAddress?
    public var logLevel = "info"

    public init() {}

    public var isTLS: Bool { tlsCertificatePath != nil }

    public var resolvedLoopCount: Int { loops > 0 ? loops : ProcessResources.coreCount }

    public var webSocketLimits: WebSocketLimits {
        var limits = WebSocketLimits()
        limits.maxFrameBytes = maxFrameBytes
        limits.maxMessageBytes = maxMessageBytes
        limits.maxFragments = maxFragments
        limits.maxInflatedBytes = maxInflatedBytes ?? maxMessageBytes
        return limits
    }

    /// Checks every value; the message names the flag so an operator can fix it.
    /// Longest idle, ping interval or ping timeout a flag may set: a day.
    static let longestTimeout: Double = 86_400

    public func validate() throws(ConfigurationError) {
        func require(_ ok: Bool, _ flag: String, _ rule: String) throws(ConfigurationError) {
            if !ok { throw ConfigurationError(message: "--\(flag): \(rule)") }
        }
        try require(!host.isEmpty, "host", "must not be empty")
        try require((0...1024).contains(loops), "loops", "must be between 0 (one per core) and 1024")
        try require(maxFrameBytes >= 125 && maxFrameBytes <= 1 << 30, "max-frame-bytes", "must be between 125 and 1073741824")
        try require(maxMessageBytes >= 125, "max-message-bytes", "must be at least 125")
        try require(maxMessageBytes <= 1 << 30, "max-message-bytes", "must be at most 1073741824")
        try require((1...(1 << 20)).contains(maxFragments), "max-fragments", "must be between 1 and 1048576")
        try require((1...(1 << 30)).contains(maxInflatedBytes ?? 1), "max-inflated-bytes", "must be between 1 and 1073741824")
        try require((0...(1 << 30)).contains(maxRequestBodyBytes), "max-request-body", "must be between 0 and 1073741824")
        // Every timeout becomes nanoseconds added to the loop's clock: bounded, so neither the
        // conversion nor the addition can overflow.
        try require(httpReplyTimeout > 0 && httpReplyTimeout <= 3600, "http-reply-timeout", "must be between 0 and 3600 seconds")
        try require(handshakeTimeout > 0 && handshakeTimeout <= 3600, "handshake-timeout", "must be between 0 and 3600 seconds")
        try require(idleTimeout > 0 && idleTimeout <= Self.longestTimeout, "idle-timeout", "must be between 0 and 86400 seconds")
        try require(pingInterval >= 0 && pingInterval <= Self.longestTimeout, "ping-interval", "must be 0 (off) or up to 86400 seconds")
        try require(pingTimeout > 0 && pingTimeout <= Self.longestTimeout, "ping-timeout", "must be between 0 and 86400 seconds")
        try require((1...(1 << 34)).contains(sendQueueHighWater), "send-queue-high-water", "must be between 1 and 17179869184")
        try require(sendQueueLimit >= sendQueueHighWater && sendQueueLimit <= 1 << 34, "send-queue-limit",
                    "must be at least --send-queue-high-water and at most 17179869184")
        try require((1...10_000_000).contains(maxConnections), "max-connections", "must be between 1 and 10000000")
        try require((tlsCertificatePath == nil) == (tlsPrivateKeyPath == nil), "tls-cert", "--tls-cert and --tls-key go together")
        try require(["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel),
                    "log-level", "one of trace, debug, info, notice, warning, error, critical")
        for origin in allowedOrigins where origin != "*" {
            try require(Self.isSerializedOrigin(origin), "allowed-origins",
                        "\"\(origin)\" is not an origin (http(s)://host[:port])")
        }
    }
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public let message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
