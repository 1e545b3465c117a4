/// Incremental HTTP/1.1 request-head parser (RFC 9112), for plain requests and the upgrade.
///
/// Feed it whatever arrived, even one byte at a time; it keeps what it was given (at most
/// `maxHeadBytes`) and scans each byte once. When the head is complete it resets itself, so the
/// next call starts a new request. After `.invalid` it keeps answering the same.
///
/// Strictness, chosen to leave no room for request smuggling: lines end in CRLF and a bare LF is
/// a 400 (RFC 9112 §2.2 allows either); obs-fold (a header line starting with whitespace) is a
/// 400 (§5.2); whitespace before a header's colon is a 400 (§5.1). Host follows §3.2
/// (`HostHeader`): an HTTP/1.1 request without one, or any request with two, an empty one or
/// an invalid one, is a 400.
public struct HTTPRequestParser: Sendable {
    public let maxHeadBytes: Int
    public let maxHeaderCount: Int

    private var buffer: [UInt8] = []
    // The scanner's position in the request, which survives across calls.
    private var position = 0
    private var lineStart = 0
    private var previous: UInt8 = 0
    private var requestLineEnd: Int?
    private var failure: HTTPParseResult?

    /// True once any byte of the next head has arrived (an idle keep-alive connection has none).
    public var hasPartialHead: Bool { !buffer.isEmpty }

    public init(maxHeadBytes: Int = 8192, maxHeaderCount: Int = 100) {
        self.maxHeadBytes = maxHeadBytes
        self.maxHeaderCount = maxHeaderCount
    }

    public mutating func parse(_ bytes: UnsafeRawBufferPointer) -> HTTPParseResult {
        if let failure { return failure }
        let result = scan(bytes)
        if case .invalid = result { failure = result }
        return result
    }

    public mutating func parse(_ bytes: [UInt8]) -> HTTPParseResult {
        bytes.withUnsafeBytes { parse($0) }
    }

    private mutating func scan(_ bytes: UnsafeRawBufferPointer) -> HTTPParseResult {
        let limit = min(bytes.count, maxHeadBytes - position)
        var index = 0
        var end: Int?
        while index < limit {
            let byte = bytes[index]
            index += 1
            position += 1
            defer { previous = byte }
            guard byte == UInt8(ascii: "\n") else { continue }
            guard previous == UInt8(ascii: "\r") else { return .invalid(status: 400, reason: "bare LF") }
            if requestLineEnd == nil { requestLineEnd = position }
            if position - lineStart == 2 && position > 2 {
                end = index
                break
            }
            lineStart = position
        }
        guard let end else {
            buffer.append(contentsOf: bytes[0 ..< limit])
            guard position < maxHeadBytes else {
                return requestLineEnd == nil
                    ? .invalid(status: 414, reason: "request line too long")
                    : .invalid(status: 431, reason: "request header section too large")
            }
            return .needMore
        }
        let result: HTTPParseResult
        if buffer.isEmpty {
            // The usual case: the whole head came in one read, so parse it in place.
            result = Self.parseHead(UnsafeRawBufferPointer(rebasing: bytes[0 ..< end]), consumed: end, maxHeaderCount: maxHeaderCount)
        } else {
            buffer.append(contentsOf: bytes[0 ..< end])
            result = buffer.withUnsafeBytes { Self.parseHead($0, consumed: end, maxHeaderCount: maxHeaderCount) }
        }
        if case .complete = result {
            self = HTTPRequestParser(maxHeadBytes: maxHeadBytes, maxHeaderCount: maxHeaderCount)
        }
        return result
    }

    /// Parses a complete head: the request line, header lines, and the empty line, all ending
    /// in CRLF with no bare LF.
    private static func parseHead(_ head: UnsafeRawBufferPointer, consumed: Int, maxHeaderCount: Int) -> HTTPParseResult {
        var lines: [ArraySlice<UInt8>] = []
        let bytes = Array(head)
        var start = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            lines.append(bytes[start ..< index - 1])
            start = index + 1
        }
        lines.removeLast()  // the empty line that ends the head
        guard let requestLine = lines.first else { return .invalid(status: 400, reason: "empty request") }
        guard lines.count - 1 <= maxHeaderCount else { return .invalid(status: 431, reason: "too many headers") }
        let request: (method: String, target: String, version: HTTPVersion)
        switch RequestLine.parse(requestLine) {
        case .success(let parsed): request = parsed
        case .failure(let failure): return .invalid(status: failure.status, reason: failure.reason)
        }
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(lines.count - 1)
        for line in lines.dropFirst() {
            guard let first = line.first, !HTTPSyntax.isWhitespace(first) else {
                return .invalid(status: 400, reason: "obsolete line folding")
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")),
                  HTTPSyntax.isToken(line[line.startIndex ..< colon]) else {
                return .invalid(status: 400, reason: "invalid header name")
            }
            let value = HTTPSyntax.trimmed(line[(colon + 1)...])
            // Control characters (CR included) other than tab have no place in a field value.
            guard !value.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) else {
                return .invalid(status: 400, reason: "invalid header value")
            }
            headers.append((
                String(decoding: line[line.startIndex ..< colon], as: UTF8.self), String(decoding: value, as: UTF8.self)))
        }
        let (path, query) = RequestLine.split(target: request.target)
        let head = HTTPRequestHead(
            method: request.method, target: request.target, path: path, query: query, version: request.version,
            headers: headers)
        if let problem = HostHeader.problem(in: head) { return .invalid(status: 400, reason: problem) }
        return .complete(head, consumed: consumed)
    }
}
