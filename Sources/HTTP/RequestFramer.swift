
/// Splits a connection's bytes into HTTP/1.1 requests: a head (`HTTPRequestParser`) and a body
/// framed by Content-Length only (RFC 9112 §6). Chunked bodies are refused (501) rather than
/// parsed: our clients never send them, and a single framing rule leaves no room for smuggling.
///
/// Sans-I/O: feed any split of the stream, even a byte at a time. The body buffer never holds
/// more than `maxBodyBytes`; a longer declared length is refused before any of it is read.
/// After `.invalid` it keeps answering the same (the caller answers and closes).
public struct RequestFramer {
    public enum Event: Equatable {
        /// Every byte given was used and the request is not complete yet.
        case needMore
        /// A head that switches protocols (WebSocket upgrade): it has no body here; the bytes
        /// after it belong to the new protocol.
        case upgrade(HTTPRequestHead)
        /// The head asked `Expect: 100-continue` and its length is acceptable: send
        /// `100 Continue` now, the client waits for it before sending the body.
        case sendContinue
        case request(HTTPRequestHead, body: [UInt8])
        /// Answer with `status` and close the connection.
        case invalid(status: Int, reason: String)
    }

    public struct Rejection: Error, Equatable {
        public var status: Int
        public var reason: String
    }

    public let maxBodyBytes: Int
    private var parser = HTTPRequestParser()
    /// The head whose body is being read.
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var remaining = 0
    private var failure: Event?

    public init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    /// No byte of a next request has arrived (an idle keep-alive connection).
    public var isIdle: Bool { head == nil && !parser.hasPartialHead && failure == nil }

    /// Consumes bytes up to the next event; `consumed` counts the bytes of `bytes` it used
    /// (all of them for `.needMore`). Call again with the rest.
    public mutating func next(_ bytes: UnsafeRawBufferPointer) -> (event: Event, consumed: Int) {
        if let failure { return (failure, 0) }
        if head != nil { return readBody(bytes) }
        switch parser.parse(bytes) {
        case .needMore:
            return (.needMore, bytes.count)
        case .invalid(let status, let reason):
            return (fail(Rejection(status: status, reason: reason)), bytes.count)
        case .complete(let parsed, let consumed):
            if parsed.header("Upgrade") != nil || parsed.header("Sec-WebSocket-Key") != nil {
                return (.upgrade(parsed), consumed)
            }
            switch Self.bodyLength(of: parsed, maxBodyBytes: maxBodyBytes) {
            case .failure(let rejection):
                return (fail(rejection), consumed)
            case .success(0):
                return (.request(parsed, body: []), consumed)
            case .success(let length):
                head = parsed
                remaining = length
                body.reserveCapacity(length)
                if Self.expectsContinue(parsed) { return (.sendContinue, consumed) }
                let (event, used) = readBody(UnsafeRawBufferPointer(rebasing: bytes[consumed...]))
                return (event, consumed + used)
            }
        }
    }

    public mutating func next(_ bytes: [UInt8]) -> (event: Event, consumed: Int) {
        bytes.withUnsafeBytes { next($0) }
    }

    private mutating func readBody(_ bytes: UnsafeRawBufferPointer) -> (event: Event, consumed: Int) {
        let take = min(remaining, bytes.count)
        body.append(contentsOf: bytes[0 ..< take])
        remaining -= take
        guard remaining == 0, let complete = head else { return (.needMore, take) }
        let event = Event.request(complete, body: body)
        head = nil
        body = []
        return (event, take)
    }

    private mutating func fail(_ rejection: Rejection) -> Event {
        let event = Event.invalid(status: rejection.status, reason: rejection.reason)
        failure = event
        head = nil
        body = []
        return event
    }

    /// The body length a head declares (RFC 9112 §6.3), or why the request is refused.
    public static func bodyLength(of head: HTTPRequestHead, maxBodyBytes: Int) -> Result<Int, Rejection> {
        let hasLength = head.header("Content-Length") != nil
        if head.header("Transfer-Encoding") != nil {
            // Both at once is the classic smuggling setup: refuse it outright (§6.3 item 3).
            return .failure(hasLength
                ? Rejection(status: 400, reason: "both Transfer-Encoding and Content-Length")
                : Rejection(status: 501, reason: "Transfer-Encoding is not supported; send Content-Length"))
        }
        guard hasLength else {
            let needsBody = ["POST", "PUT", "PATCH"].contains(head.method)
            return needsBody ? .failure(Rejection(status: 411, reason: "Content-Length required")) : .success(0)
        }
        // Repeated or listed values are accepted only when they all agree (§8.6).
        let values = head.headerValues("Content-Length")
        guard let first = values.first, !first.isEmpty, values.allSatisfy({ $0 == first }),
              first.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return .failure(Rejection(status: 400, reason: "invalid Content-Length"))
        }
        guard first.utf8.count <= 18, let length = Int(first), length <= maxBodyBytes else {
            return .failure(Rejection(status: 413, reason: "request body larger than \(maxBodyBytes) bytes"))
        }
        return .success(length)
    }

    /// HTTP/1.0 clients do not know 100 Continue (RFC 9110 §10.1.1).
    private static func expectsContinue(_ head: HTTPRequestHead) -> Bool {
        head.version >= .http1_1 && head.headerValues("Expect").contains { $0.lowercased() == "100-continue" }
    }
}
