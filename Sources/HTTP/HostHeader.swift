/// The Host rules of RFC 9112 §3.2, which the request parser and the handshake both apply: a
/// server must answer 400 to an HTTP/1.1 request without Host, and to any request with more
/// than one Host field line or an invalid Host value. HTTP/1.0 may omit it.
public enum HostHeader {
    /// Why the head's Host is unacceptable, or nil when it is fine.
    public static func problem(in head: HTTPRequestHead) -> String? {
        let values = head.fieldValues("Host")
        guard let value = values.first else { return head.version >= .http1_1 ? "missing Host" : nil }
        guard values.count == 1 else { return "more than one Host" }
        guard !value.isEmpty else { return "empty Host" }
        guard value.utf8.allSatisfy(isHostByte) else { return "invalid Host" }
        return nil
    }

    /// A byte of `uri-host [ ":" port ]` (RFC 3986 §3.2.2): unreserved, pct-encoded, sub-delims,
    /// and the brackets and colons of an IP literal and a port. No whitespace, `/`, `@` or
    /// non-ASCII: the value becomes part of the server's own origin in the Origin check.
    private static func isHostByte(_ byte: UInt8) -> Bool {
        HTTPSyntax.isAlphanumeric(byte) || "-._~%!$&'()*+,;=:[]".utf8.contains(byte)
    }
}
