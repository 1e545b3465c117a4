import HTTP
import WebSocket

/// The headers every final response of the server carries (docs/protocol.md, "HTTP endpoints"),
/// and the one place responses become bytes, so no answer can leave without them: plain
/// requests, refused upgrades, the 503 at the connection limit, the metrics listener's.
enum SecurityHeaders {
    /// No inline scripts or styles (the web clients load everything from files). Connections
    /// only to the page's own origin: `'self'` covers `ws:`/`wss:` to the same host and port
    /// (CSP Level 3; Chromium follows it, Tests/Integration/test_browser.py checks it), where
    /// `ws: wss:` allowed WebSockets to any host. Each `--allowed-origins` entry is added as its
    /// WebSocket twin (`http://h` as `ws://h`, `https://h` as `wss://h`; Chromium does not let
    /// an `http:` source cover `ws:`), so a deployment that serves the clients under one name
    /// and WebSockets under another lists both; never `*`.
    static func contentSecurityPolicy(allowedOrigins: [String]) -> String {
        var connect = ["'self'"]
        // validate() refuses anything but origins; a configuration built in code is checked here too.
        for origin in allowedOrigins where ServerConfiguration.isSerializedOrigin(origin) {
            let lower = origin.lowercased()
            let source = lower.hasPrefix("https://") ? "wss://" + lower.dropFirst(8) : "ws://" + lower.dropFirst(7)
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
