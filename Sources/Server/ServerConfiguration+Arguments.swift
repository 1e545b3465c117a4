/// Flags and CAREWIRE_* environment variables. Flags win over the environment; unknown flags,
/// missing values and malformed numbers are errors, never silently ignored.
extension ServerConfiguration {
    private typealias Setter = @Sendable (inout ServerConfiguration, String) throws(ConfigurationError) -> Void

    private static let options: [(flag: String, help: String, set: Setter)] = [
        ("host", "address to listen on (127.0.0.1)", { c, v throws(ConfigurationError) in c.host = v }),
        ("port", "TCP port, 0 for any free port (8080)", { c, v throws(ConfigurationError) in c.port = try number(v, "port") }),
        ("loops", "event loops, 0 = one per core (0)", { c, v throws(ConfigurationError) in c.loops = try number(v, "loops") }),
        ("web-root", "folder served over HTTP (Web)", { c, v throws(ConfigurationError) in c.webRoot = v }),
        ("allowed-origins", "comma list of origins allowed to open WebSockets, * = any", { c, v throws(ConfigurationError) in
            c.allowedOrigins = v.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
        }),
        ("tls-cert", "PEM certificate chain; enables TLS with --tls-key", { c, v throws(ConfigurationError) in c.tlsCertificatePath = v }),
        ("tls-key", "PEM private key", { c, v throws(ConfigurationError) in c.tlsPrivateKeyPath = v }),
        ("max-frame-bytes", "largest frame payload (1048576)", { c, v throws(ConfigurationError) in c.maxFrameBytes = try number(v, "max-frame-bytes") }),
        ("max-message-bytes", "largest message (1048576)", { c, v throws(ConfigurationError) in c.maxMessageBytes = try number(v, "max-message-bytes") }),
        ("max-fragments", "most fragments in one message (1024)", { c, v throws(ConfigurationError) in c.maxFragments = try number(v, "max-fragments") }),
        ("max-inflated-bytes", "largest message after inflation (= max-message-bytes)", { c, v throws(ConfigurationError) in c.maxInflatedBytes = try number(v, "max-inflated-bytes") }),
        ("max-request-body", "largest HTTP request body in bytes (65536)", { c, v throws(ConfigurationError) in c.maxRequestBodyBytes = try number(v, "max-request-body") }),
        ("http-reply-timeout", "seconds an application has to answer an HTTP request (30)", { c, v throws(ConfigurationError) in c.httpReplyTimeout = try seconds(v, "http-reply-timeout") }),
        ("handshake-timeout", "seconds to send a request, head and body (10)", { c, v throws(ConfigurationError) in c.handshakeTimeout = try seconds(v, "handshake-timeout") }),
        ("idle-timeout", "seconds without any frame before closing (120)", { c, v throws(ConfigurationError) in c.idleTimeout = try seconds(v, "idle-timeout") }),
        ("ping-interval", "seconds of silence before a ping, 0 = off (30)", { c, v throws(ConfigurationError) in c.pingInterval = try seconds(v, "ping-interval") }),
        ("ping-timeout", "seconds to answer a ping (10)", { c, v throws(ConfigurationError) in c.pingTimeout = try seconds(v, "ping-timeout") }),
        ("send-queue-high-water", "bytes queued before a socket counts as slow (65536)", { c, v throws(ConfigurationError) in c.sendQueueHighWater = try number(v, "send-queue-high-water") }),
        ("send-queue-limit", "bytes queued at which a non-reading socket is closed (4194304)", { c, v throws(ConfigurationError) in c.sendQueueLimit = try number(v, "send-queue-limit") }),
        ("max-connections", "open connections at most; more get HTTP 503 (20000)", { c, v throws(ConfigurationError) in c.maxConnections = try number(v, "max-connections") }),
        ("log-level", "trace, debug, info, notice, warning, error (info)", { c, v throws(ConfigurationError) in c.logLevel = v }),
    ]

    private static let switches: [(flag: String, help: String, set: @Sendable (inout ServerConfiguration, Bool) -> Void)] = [
        ("echo", "enable the /echo endpoint", { $0.echo = $1 }),
        ("rooms", "enable /r/ROOM broadcast rooms (benchmark)", { $0.rooms = $1 }),
        ("deflate", "offer permessage-deflate (on)", { $0.deflate = $1 }),
    ]

    /// Builds a configuration from the environment, then the arguments (without the program name).
    public static func parse(arguments: [String], environment: [String: String]) throws(ConfigurationError) -> ServerConfiguration {
        var configuration = ServerConfiguration()
        for option in options {
            if let value = environment[environmentName(option.flag)] { try option.set(&configuration, value) }
        }
        for option in switches {
            if let value = environment[environmentName(option.flag)] {
                guard let on = boolean(value) else {
                    throw ConfigurationError(message: "\(environmentName(option.flag)): expected 1/0/true/false, got \"\(value)\"")
                }
                option.set(&configuration, on)
            }
        }
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--") else { throw ConfigurationError(message: "unexpected argument \"\(argument)\"") }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if let option = options.first(where: { $0.flag == name }) {
                guard let value = inlineValue ?? (index + 1 < arguments.count ? arguments[index + 1] : nil) else {
                    throw ConfigurationError(message: "--\(name) needs a value")
                }
                if inlineValue == nil { index += 1 }
                try option.set(&configuration, value)
            } else if let option = switches.first(where: { $0.flag == name || "no-" + $0.flag == name }) {
                option.set(&configuration, !name.hasPrefix("no-"))
            } else {
                throw ConfigurationError(message: "unknown option --\(name) (see --help)")
            }
            index += 1
        }
        try configuration.validate()
        return configuration
    }

    public static var usage: String {
        var lines = ["usage: carewire serve [options]", "", "options (each also as CAREWIRE_<NAME>, e.g. CAREWIRE_PORT):"]
        for option in options { lines.append("  --\(option.flag) VALUE".padded(to: 34) + option.help) }
        for option in switches { lines.append("  --[no-]\(option.flag)".padded(to: 34) + option.help) }
        return lines.joined(separator: "\n")
    }

    static func environmentName(_ flag: String) -> String {
        "CAREWIRE_" + flag.uppercased().replacingDashes()
    }

    private static func number<T: FixedWidthInteger>(_ value: String, _ flag: String) throws(ConfigurationError) -> T {
        guard let parsed = T(value.trimmingSpaces()) else {
            throw ConfigurationError(message: "--\(flag): \"\(value)\" is not a whole number in range")
        }
        return parsed
    }

    private static func seconds(_ value: String, _ flag: String) throws(ConfigurationError) -> Double {
        guard let parsed = Double(value.trimmingSpaces()), parsed.isFinite, parsed >= 0 else {
            throw ConfigurationError(message: "--\(flag): \"\(value)\" is not a number of seconds")
        }
        return parsed
    }

    private static func boolean(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "1", "true", "yes", "on": true
        case "0", "false", "no", "off": false
        default: nil
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }

    fileprivate func replacingDashes() -> String {
        String(map { $0 == "-" ? "_" : $0 })
    }

    fileprivate func padded(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
