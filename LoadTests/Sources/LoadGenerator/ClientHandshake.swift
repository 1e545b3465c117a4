import WebSocket

/// The client side of the opening handshake (RFC 6455 §4.1): the request, and a check of the
/// 101 response. Permessage-deflate is not offered: the benchmark measures fan-out, not zlib.
enum ClientHandshake {
    /// §4.1 asks for a random nonce per connection; it protects against confused proxies, of
    /// which there are none on loopback, so one fixed key keeps the check to a string compare.
    static let key = "dGhlIHNhbXBsZSBub25jZQ=="
    static let expectedAccept = Handshake.acceptValue(key: key)
    /// A response head larger than this is not a WebSocket server's.
    static let maxResponseBytes = 16 * 1024

    enum Outcome: Equatable {
        case incomplete
        /// The head ends at `bodyStart`; bytes from there on are WebSocket frames.
        case accepted(bodyStart: Int)
        case rejected(String)
    }

    /// `subprotocol`: offered as `Sec-WebSocket-Protocol` (carewire.v1 requires one).
    static func request(path: String, host: String, subprotocol: String? = nil) -> [UInt8] {
        Array(
            ("GET \(path) HTTP/1.1\r\nHost: \(host)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n"
                + (subprotocol.map { "Sec-WebSocket-Protocol: \($0)\r\n" } ?? "") + "\r\n").utf8)
    }

    static func evaluate(_ bytes: [UInt8]) -> Outcome {
        guard let end = headEnd(bytes) else {
            return bytes.count > maxResponseBytes ? .rejected("response head too large") : .incomplete
        }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: true)
        guard let status = lines.first else { return .rejected("empty response") }
        guard status.hasPrefix("HTTP/1.1 101") else { return .rejected("expected 101, got \"\(status)\"") }
        var accept: Substring?
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            if name == "sec-websocket-accept" { accept = value }
            if name == "sec-websocket-extensions" { return .rejected("server chose an extension not offered") }
        }
        guard let accept, accept.trimmingSuffix(while: { $0 == " " }) == expectedAccept else {
            return .rejected("wrong or missing Sec-WebSocket-Accept")
        }
        return .accepted(bodyStart: end + 4)
    }

    /// Index of the blank line's CR (the "\r\n\r\n" terminating the head).
    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var result = self
        while let last = result.last, predicate(last) { result = result.dropLast() }
        return result
    }
}
