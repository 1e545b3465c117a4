/// A parsed HTTP/1.1 request line and header section (RFC 9112 §3, §5).
public struct HTTPRequestHead: Sendable, Equatable {
    public var method: String
    /// The request target as sent.
    public var target: String
    /// The target's path: up to `?`, and without scheme and authority for the absolute form.
    public var path: String
    /// After the first `?`; nil when there is no `?`.
    public var query: String?
    public var version: HTTPVersion
    /// In arrival order, values trimmed of surrounding whitespace.
    public var headers: [(name: String, value: String)]

    public init(
        method: String, target: String, path: String, query: String?, version: HTTPVersion,
        headers: [(name: String, value: String)]
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
    }

    /// The first value of the header, name compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { HTTPSyntax.equalsIgnoringCase($0.name, name) }?.value
    }

    /// The value of each field line with this name, as sent (a list value is not split): for
    /// fields that must appear once (Host, Origin, Sec-WebSocket-Key).
    public func fieldValues(_ name: String) -> [String] {
        headers.filter { HTTPSyntax.equalsIgnoringCase($0.name, name) }.map(\.value)
    }

    /// Every value of every header with this name, comma-separated lists split (outside quoted
    /// strings) and trimmed.
    public func headerValues(_ name: String) -> [String] {
        headers.filter { HTTPSyntax.equalsIgnoringCase($0.name, name) }
            .flatMap { HTTPSyntax.split($0.value, separator: UInt8(ascii: ",")) }
    }

    public static func == (lhs: HTTPRequestHead, rhs: HTTPRequestHead) -> Bool {
        lhs.method == rhs.method && lhs.target == rhs.target && lhs.path == rhs.path
            && lhs.query == rhs.query && lhs.version == rhs.version
            && lhs.headers.elementsEqual(rhs.headers) { $0.name == $1.name && $0.value == $1.value }
    }
}
