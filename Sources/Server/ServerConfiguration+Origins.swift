extension ServerConfiguration {
    /// `http(s)://host[:port]` as a browser serializes an origin (RFC 6454 §6.2): a DNS name or
    /// IPv4 address of letters, digits, `.`, `-` and `_`, or a bracketed IPv6 address, and a port
    /// of at most 65535; no path, user, query, whitespace or `;`. An `--allowed-origins` entry
    /// must be one: it is compared with Origin headers and written into the
    /// Content-Security-Policy, where anything else could add a directive.
    static func isSerializedOrigin(_ text: String) -> Bool {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("http://") {
            rest = lower.dropFirst(7)
        } else if lower.hasPrefix("https://") {
            rest = lower.dropFirst(8)
        } else {
            return false
        }
        var host = rest
        var port: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return false }
            host = rest[...close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return false }
                port = after.dropFirst()
            }
            let inside = host.dropFirst().dropLast()
            guard inside.contains(":"), inside.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
        } else {
            if let colon = rest.firstIndex(of: ":") {
                host = rest[..<colon]
                port = rest[rest.index(after: colon)...]
            }
            guard !host.isEmpty, host.utf8.allSatisfy({ isHostNameByte($0) }) else { return false }
        }
        if let port {
            guard (1...5).contains(port.count), port.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  let number = Int(port), number <= 65535 else { return false }
        }
        return true
    }

    private static func isHostNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}
