import Posix

/// `HOST:PORT` for a listening socket, as `--metrics-address` takes it: a numeric IPv4 address,
/// `[IPv6]`, or `localhost`, and a port (0 lets the kernel pick one).
public struct ListenAddress: Sendable, Equatable {
    /// Without brackets for IPv6.
    public var host: String
    public var port: UInt16

    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// nil unless `text` is `HOST:PORT` with an address `SocketAddress` can bind.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
            guard host.contains(":") else { return nil }
        } else if host.contains(":") {
            return nil  // IPv6 goes in brackets, or its last group would read as the port
        }
        guard !host.isEmpty, SocketAddress(host: host, port: port) != nil else { return nil }
        self.host = host
        self.port = port
    }

    /// `host:port`, IPv6 in brackets, as in a URL.
    public func authority(port: UInt16? = nil) -> String {
        (host.contains(":") ? "[\(host)]" : host) + ":\(port ?? self.port)"
    }
}
