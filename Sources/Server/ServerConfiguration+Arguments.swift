/// The server's flags and CAREWIRE_* environment variables (an `OptionTable`); unknown flags,
/// missing values and malformed numbers are errors, never silently ignored.
extension ServerConfiguration {
    private typealias Table = OptionTable<ServerConfiguration>

    private static let table = Table(options: [
        .init("host", "address to listen on (127.0.0.1)") { c, v throws(ConfigurationError) in c.host = v },
        .init("port", "TCP port, 0 for any free port (8080)") { c, v throws(ConfigurationError) in c.port = try number(v, "port") },
        .init("loops", "event loops, 0 = one per core (0)") { c, v throws(ConfigurationError) in c.loops = try number(v, "loops") },
        .init("web-root", "folder served over HTTP (Web)") { c, v throws(ConfigurationError) in c.webRoot = v },
        .init("allowed-origins", "comma list of origins allowed to open WebSockets, * = any") { c, v throws(ConfigurationError) in
            c.allowedOrigins = v.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
        },
        .init("tls-cert", "PEM certificate chain; enables TLS with --tls-key") { c, v throws(ConfigurationError) in c.tlsCertificatePath = v },
        .init("tls-key", "PEM private key") { c, v throws(ConfigurationError) in c.tlsPrivateKeyPath = v },
        .init("max-frame-bytes", "largest frame payload (1048576)") { c, v throws(ConfigurationError) in c.maxFrameBytes = try number(v, "max-frame-bytes") },
        .init("max-message-bytes", "largest message (1048576)") { c, v throws(ConfigurationError) in c.maxMessageBytes = try number(v, "max-message-bytes") },
        .init("max-fragments", "most fragments in one message (1024)") { c, v throws(ConfigurationError) in c.maxFragments = try number(v, "max-fragments") },
        .init("max-inflated-bytes", "largest message after inflation (= max-message-bytes)") { c, v throws(ConfigurationError) in c.maxInflatedBytes = try number(v, "max-inflated-bytes") },
        .init("max-request-body", "largest HTTP request body in bytes (65536)") { c, v throws(ConfigurationError) in c.maxRequestBodyBytes = try number(v, "max-request-body") },
        .init("http-reply-timeout", "seconds an application has to answer an HTTP request (30)") { c, v throws(ConfigurationError) in c.httpReplyTimeout = try seconds(v, "http-reply-timeout") },
        .init("handshake-timeout", "seconds to send a request, head and body (10)") { c, v throws(ConfigurationError) in c.handshakeTimeout = try seconds(v, "handshake-timeout") },
        .init("idle-timeout", "seconds without any frame before closing (120)") { c, v throws(ConfigurationError) in c.idleTimeout = try seconds(v, "idle-timeout") },
        .init("ping-interval", "seconds of silence before a ping, 0 = off (30)") { c, v throws(ConfigurationError) in c.pingInterval = try seconds(v, "ping-interval") },
        .init("ping-timeout", "seconds to answer a ping (10)") { c, v throws(ConfigurationError) in c.pingTimeout = try seconds(v, "ping-timeout") },
        .init("send-queue-high-water", "bytes queued before a socket counts as slow (65536)") { c, v throws(ConfigurationError) in c.sendQueueHighWater = try number(v, "send-queue-high-water") },
        .init("send-queue-limit", "bytes queued at which a non-reading socket is closed (4194304)") { c, v throws(ConfigurationError) in c.sendQueueLimit = try number(v, "send-queue-limit") },
        .init("max-connections", "open connections at most; more get HTTP 503 (20000)") { c, v throws(ConfigurationError) in c.maxConnections = try number(v, "max-connections") },
        .init("metrics-address", "HOST:PORT serving /metrics apart; then not on the service port") { c, v throws(ConfigurationError) in c.metricsAddress = try listenAddress(v, "metrics-address") },
        .init("log-level", "trace, debug, info, notice, warning, error (info)") { c, v throws(ConfigurationError) in c.logLevel = v },
    ], switches: [
        .init("echo", "enable the /echo endpoint") { $0.echo = $1 },
        .init("rooms", "enable /r/ROOM broadcast rooms (benchmark)") { $0.rooms = $1 },
        .init("deflate", "offer permessage-deflate (on)") { $0.deflate = $1 },
    ])

    /// Builds a configuration from the environment, then the arguments (without the program name).
    public static func parse(arguments: [String], environment: [String: String]) throws(ConfigurationError) -> ServerConfiguration {
        var configuration = ServerConfiguration()
        _ = try table.apply(arguments: arguments, environment: environment, to: &configuration)
        try configuration.validate()
        return configuration
    }

    public static var usage: String {
        (["usage: carewire serve [options]", "", "options (each also as CAREWIRE_<NAME>, e.g. CAREWIRE_PORT):"]
            + table.usageLines).joined(separator: "\n")
    }

    static func environmentName(_ flag: String) -> String { Table.environmentName(flag) }

    /// A whole number in range for `--flag`.
    public static func number<T: FixedWidthInteger>(_ value: String, _ flag: String) throws(ConfigurationError) -> T {
        guard let parsed = T(value.trimmingSpaces()) else {
            throw ConfigurationError(message: "--\(flag): \"\(value)\" is not a whole number in range")
        }
        return parsed
    }

    /// `HOST:PORT` for `--flag`.
    private static func listenAddress(_ value: String, _ flag: String) throws(ConfigurationError) -> ListenAddress {
        guard let address = ListenAddress(value.trimmingSpaces()) else {
            throw ConfigurationError(message: "--\(flag): \"\(value)\" is not HOST:PORT (a numeric IPv4 address, [IPv6] or localhost, and a port 0-65535)")
        }
        return address
    }

    private static func seconds(_ value: String, _ flag: String) throws(ConfigurationError) -> Double {
        guard let parsed = Double(value.trimmingSpaces()), parsed.isFinite, parsed >= 0 else {
            throw ConfigurationError(message: "--\(flag): \"\(value)\" is not a number of seconds")
        }
        return parsed
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
