import WebSocket

/// The headers every final response of the server carries (docs/protocol.md, "HTTP endpoints"),
/// and the one place responses become bytes, so no answer can leave without them: plain
/// requests, refused upgrades, the 503 at the connection limit, the metrics listener's.
enum SecurityHeaders {
    /// No inline scripts or styles (the web clients load everything from files). Connections
    /// only to the page's own origin: CSP Level 3 lets `'self'` cover `ws:`/`wss:` to the same
    /// host and port, which Chromium follows (Tests/Integration/test_browser.py checks it);
    /// `ws: wss:` would have allowed WebSockets to any host. The `--allowed-origins` are added
    /// (a deployment that serves the clients from one name and WebSockets from another lists
    /// both), never `*`.
    static func contentSecurityPolicy(allowedOrigins: [String]) -> String {
        var connect = ["'self'"]
        for origin in allowedOrigins where origin != "*" {
            let source = origin.lowercased()
            if !connect.contains(source) { connect.append(source) }
        }
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src \(connect.joined(separator: " ")); object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    }

    static func make(allowedOrigins: [String]) -> [(name: String, value: String)] {
        [
            ("Content-Security-Policy", contentSecurityPolicy(allowedOrigins: allowedOrigins)),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
        ]
    }
}

extension ServerContext {
    /// Every response the server writes goes through here.
    func encode(_ response: HTTPResponse, keepAlive: Bool) -> [UInt8] {
        response.encoded(keepAlive: keepAlive, adding: securityHeaders)
    }
}
