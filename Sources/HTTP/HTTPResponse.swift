/// An HTTP/1.1 response: what the handshake refuses with, and every answer of the server.
///
/// `encoded(keepAlive:adding:)` frames it: `Content-Length` and `Connection` are always the
/// encoder's own, and `adding` is where the server puts the headers every response carries.
/// Informational responses (100, 101) are `informational(_:headers:)`: a head and nothing else.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// HEAD responses carry the headers of the GET but no body.
    public var omitBody: Bool

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = [], omitBody: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.omitBody = omitBody
    }

    /// A short plain-text answer, never cached.
    public static func text(_ status: Int, _ text: String, extraHeaders: [(name: String, value: String)] = []) -> HTTPResponse {
        HTTPResponse(status: status,
                     headers: [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store")] + extraHeaders,
                     body: Array(text.utf8))
    }

    /// The status line, `headers`, then `added`, `Content-Length` and `Connection`, then the body.
    /// A 204 or 304 has neither body nor `Content-Length` (RFC 9110 §8.6: a 304's length would
    /// have to be the 200's).
    public func encoded(keepAlive: Bool, adding added: [(name: String, value: String)] = []) -> [UInt8] {
        var head = Self.statusLine(status)
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        for (name, value) in added { head += "\(name): \(value)\r\n" }
        let noContent = status == 204 || status == 304
        if !noContent { head += "Content-Length: \(body.count)\r\n" }
        head += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
        return omitBody || noContent ? Array(head.utf8) : Array(head.utf8) + body
    }

    /// A 1xx head (`100 Continue`, `101 Switching Protocols`): no body, no framing headers.
    public static func informational(_ status: Int, headers: [(name: String, value: String)] = []) -> [UInt8] {
        var head = statusLine(status)
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        return Array((head + "\r\n").utf8)
    }

    private static func statusLine(_ status: Int) -> String {
        "HTTP/1.1 \(status) \(reasonPhrase(status))\r\n"
    }

    public static func == (lhs: HTTPResponse, rhs: HTTPResponse) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body && lhs.omitBody == rhs.omitBody
            && lhs.headers.elementsEqual(rhs.headers) { $0.name == $1.name && $0.value == $1.value }
    }

    public static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 426: "Upgrade Required"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Status"
        }
    }
}
