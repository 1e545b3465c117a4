
/// One HTTP request routed to an application: the head and the complete body (framed by
/// Content-Length, at most `--max-request-body` bytes).
public struct HTTPRequest: Sendable {
    /// "GET", "POST", ... as sent (methods are case-sensitive).
    public let method: String
    /// Without the query.
    public let path: String
    /// After the first "?", without it; nil when the target has no "?".
    public let query: String?
    public let body: [UInt8]
    let head: HTTPRequestHead

    public init(head: HTTPRequestHead, body: [UInt8]) {
        method = head.method
        path = head.path
        query = head.query
        self.body = body
        self.head = head
    }

    /// For applications' own tests: a request as the server would hand it over.
    public init(method: String, path: String, query: String? = nil, headers: [(String, String)] = [], body: [UInt8] = []) {
        let target = query.map { path + "?" + $0 } ?? path
        self.init(head: HTTPRequestHead(method: method, target: target, path: path, query: query, version: .http1_1,
                                        headers: headers.map { (name: $0.0, value: $0.1) }),
                  body: body)
    }

    /// The first value of a header, its name compared case-insensitively.
    public func header(_ name: String) -> String? {
        head.header(name)
    }
}
