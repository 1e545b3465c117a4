/// What `HTTPRequestParser.parse(_:)` makes of the bytes so far.
public enum HTTPParseResult: Sendable, Equatable {
    case needMore
    /// `consumed` bytes of the last call's input belong to the head; the rest is body or frames
    /// that the caller keeps.
    case complete(HTTPRequestHead, consumed: Int)
    /// Answer with `status` and close: 400 malformed (or a missing, repeated or bad Host), 414 request line too long, 431 header
    /// section too large or too many headers, 505 HTTP major version other than 1.
    case invalid(status: Int, reason: String)
}
