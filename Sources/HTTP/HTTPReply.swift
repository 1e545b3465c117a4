
/// An application's answer to an `HTTPRequest`. The server adds Content-Length, Connection and
/// its security headers; `headers` must not carry Content-Length, Connection or
/// Transfer-Encoding (they are dropped: the server alone frames the response).
public struct HTTPReply: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// `application/json; charset=utf-8`, never cached (answers carry personal data).
    public static func json(_ status: Int, _ body: [UInt8]) -> HTTPReply {
        HTTPReply(status: status, headers: [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")],
                  body: body)
    }

    public static func text(_ status: Int, _ text: String) -> HTTPReply {
        HTTPReply(status: status, headers: [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store")],
                  body: Array(text.utf8))
    }

    private static let framingHeaders: Set<String> = ["content-length", "connection", "transfer-encoding", "keep-alive"]

    /// The response the server writes. A status outside 200-599 would break the exchange
    /// (1xx is not final) and becomes 500; a header with CR, LF or NUL (response splitting)
    /// or a framing header is dropped.
    public func response(omitBody: Bool) -> HTTPResponse {
        guard (200...599).contains(status) else {
            return .text(500, "the application answered with status \(status)\n")
        }
        let safe = headers.filter { Self.isSafe(name: $0.0, value: $0.1) }.map { (name: $0.0, value: $0.1) }
        return HTTPResponse(status: status, headers: safe, body: body, omitBody: omitBody)
    }

    private static func isSafe(name: String, value: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") }
            && !value.utf8.contains { $0 == 13 || $0 == 10 || $0 == 0 }
            && !framingHeaders.contains(name.lowercased())
    }
}
