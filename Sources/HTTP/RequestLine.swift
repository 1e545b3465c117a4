/// `method SP request-target SP HTTP-version` (RFC 9112 §3), with single spaces only.
enum RequestLine {
    struct Failure: Error {
        var status: Int
        var reason: String
    }

    static func parse(_ line: ArraySlice<UInt8>) -> Result<(method: String, target: String, version: HTTPVersion), Failure> {
        let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3 else { return .failure(Failure(status: 400, reason: "malformed request line")) }
        guard HTTPSyntax.isToken(parts[0]) else { return .failure(Failure(status: 400, reason: "invalid method")) }
        // Visible ASCII only: no spaces, controls or raw non-ASCII in a target.
        guard !parts[1].isEmpty, parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return .failure(Failure(status: 400, reason: "invalid request target"))
        }
        let version = Array(parts[2])
        guard version.count == 8, version.starts(with: "HTTP/".utf8), version[6] == UInt8(ascii: "."),
              let major = digit(version[5]), let minor = digit(version[7]) else {
            return .failure(Failure(status: 400, reason: "invalid HTTP version"))
        }
        guard major == 1 else { return .failure(Failure(status: 505, reason: "HTTP version not supported")) }
        return .success((
            String(decoding: parts[0], as: UTF8.self), String(decoding: parts[1], as: UTF8.self),
            HTTPVersion(major: major, minor: minor)))
    }

    /// Path and query of an origin-form (`/a?b`) or absolute-form (`http://host/a?b`) target.
    static func split(target: String) -> (path: String, query: String?) {
        var rest = Substring(target)
        if !rest.hasPrefix("/"), let scheme = rest.firstRange(of: "://") {
            rest = rest[scheme.upperBound...]
            rest = rest.firstIndex(where: { $0 == "/" || $0 == "?" }).map { rest[$0...] } ?? ""
        }
        guard let mark = rest.firstIndex(of: "?") else { return (rest.isEmpty ? "/" : String(rest), nil) }
        let path = rest[..<mark]
        return (path.isEmpty ? "/" : String(path), String(rest[rest.index(after: mark)...]))
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }
}
