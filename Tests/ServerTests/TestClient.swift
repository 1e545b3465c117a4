#if canImport(Glibc)
import Glibc
#endif
import Testing
import TLS
import WebSocket

/// What one read saw. Only `endOfStream` and `reset` mean the server closed: a server that
/// stays silent gives `timedOut`, which a "connection closed" check must not accept.
enum ReadResult: Equatable, CustomStringConvertible {
    case bytes([UInt8])
    /// read(2) returned 0: the peer's FIN.
    case endOfStream
    /// ECONNRESET: the peer's RST.
    case reset
    /// Nothing arrived before the deadline (SO_RCVTIMEO).
    case timedOut
    /// Any other read error, or TLS input that could not be decrypted.
    case failed(String)

    var bytes: [UInt8]? {
        if case .bytes(let bytes) = self { return bytes }
        return nil
    }

    var isClosed: Bool { self == .endOfStream || self == .reset }

    var description: String {
        switch self {
        case .bytes(let bytes): "\(bytes.count) bytes: \(String(decoding: bytes.prefix(200), as: UTF8.self).debugDescription)"
        case .endOfStream: "end of stream"
        case .reset: "connection reset"
        case .timedOut: "no bytes and no close before the deadline"
        case .failed(let why): "read failed: \(why)"
        }
    }
}

/// A blocking TCP client for end-to-end tests: every read has a deadline (SO_RCVTIMEO), so a
/// test waits on bytes, never on a sleep, and fails instead of hanging. The deadline is generous
/// (30 s) because only a failing test ever reaches it.
final class TestClient {
    let fd: Int32
    private var pending: [UInt8] = []
    private(set) var connection: WebSocketConnection?
    /// With TLS, `send` encrypts and `read` decrypts; everything above sees plaintext.
    private let tls: TLSSession?

    init(port: UInt16, timeoutSeconds: Int = 30, tls: TLSContext? = nil) throws {
        self.tls = try tls.map { try TLSSession(context: $0, serverName: "localhost") }
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { throw TestFailure("connect failed: errno \(errno)") }
        if let session = self.tls { writeRaw(session.takeCiphertext()) }
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) {
        guard let tls else { return writeRaw(bytes) }
        try? bytes.withUnsafeBytes { try tls.send($0) }
        writeRaw(tls.takeCiphertext())
    }

    private func writeRaw(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            guard n > 0 else { return }
            offset += n
        }
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// Reads once, up to the deadline; says whether bytes came, the peer closed, or time ran out.
    func read() -> ReadResult {
        if !pending.isEmpty { defer { pending = [] }; return .bytes(pending) }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n == 0 { return .endOfStream }
            if n < 0 {
                let error = errno
                switch error {
                case EINTR: continue
                case EAGAIN, EWOULDBLOCK: return .timedOut
                case ECONNRESET: return .reset
                default: return .failed("errno \(error)")
                }
            }
            guard let tls else { return .bytes(Array(buffer[..<n])) }
            guard let plaintext = try? buffer.withUnsafeBytes({ try tls.receive(UnsafeRawBufferPointer(rebasing: $0[..<n])) })
            else { return .failed("TLS record could not be decrypted") }
            if tls.hasCiphertext { writeRaw(tls.takeCiphertext()) }
            if !plaintext.isEmpty { return .bytes(plaintext) }
        }
    }

    /// The check that the server closed the connection: the next read must be its FIN or RST,
    /// not bytes and not the deadline (a server that never closes fails this).
    func expectClosed(_ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        let result = read()
        #expect(result.isClosed, "expected the server to close the connection, got \(result)\(comment.map { ": \($0)" } ?? "")",
                sourceLocation: sourceLocation)
    }

    /// Reads an HTTP response head and as much body as Content-Length says.
    func readHTTPResponse() throws -> (status: Int, head: String, body: [UInt8]) {
        var bytes: [UInt8] = []
        while true {
            if let end = bytes.firstRange(of: [13, 10, 13, 10]) {
                let head = String(decoding: bytes[..<end.lowerBound], as: UTF8.self)
                var body = Array(bytes[end.upperBound...])
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters()) } ?? 0
                while body.count < length {
                    let result = read()
                    guard let more = result.bytes else {
                        throw TestFailure("HTTP body: \(body.count) of \(length) bytes, then \(result)")
                    }
                    body += more
                }
                pending = Array(body.dropFirst(length))
                let status = Int(head.split(separator: " ")[1]) ?? 0
                return (status, head, Array(body.prefix(length)))
            }
            let result = read()
            guard let more = result.bytes else { throw TestFailure("no HTTP response: \(bytes.count) bytes, then \(result)") }
            bytes += more
        }
    }

    /// Performs the opening handshake on `path`; the client side then speaks WebSocket.
    func upgrade(path: String, extraHeaders: String = "") throws -> Int {
        send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\(extraHeaders)\r\n")
        let response = try readHTTPResponse()
        if response.status == 101 {
            connection = WebSocketConnection(role: .client, limits: WebSocketLimits(), deflate: nil)
        }
        return response.status
    }

    /// The handshake and a first text frame in one write: a client that does not wait for the 101.
    func upgradeEagerly(path: String, firstText: String) throws -> Int {
        let client = WebSocketConnection(role: .client, limits: WebSocketLimits(), deflate: nil)
        client.sendText(Array(firstText.utf8))
        send(Array(("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").utf8)
             + client.takeOutput())
        let response = try readHTTPResponse()
        if response.status == 101 { connection = client }
        return response.status
    }

    func sendText(_ text: String) {
        guard let connection else { return }
        connection.sendText(Array(text.utf8))
        send(connection.takeOutput())
    }

    func sendClose(_ code: CloseCode) {
        connection?.close(code: code, reason: "")
        if let output = connection?.takeOutput() { send(output) }
    }

    /// The next WebSocket event, reading as needed until the deadline.
    func nextEvent() -> WebSocketEvent? {
        guard let connection else { return nil }
        while true {
            if let event = connection.nextEvent() {
                if connection.hasOutput { send(connection.takeOutput()) }
                return event
            }
            guard let bytes = read().bytes else { return nil }
            bytes.withUnsafeBytes { connection.receive($0) }
        }
    }

    func nextText() -> String? {
        while let event = nextEvent() {
            if case .text(let bytes) = event { return String(decoding: bytes, as: UTF8.self) }
            if case .closed = event { return nil }
        }
        return nil
    }
}

/// Polls `condition` (every `interval` seconds) until it returns a value, or throws once
/// `seconds` passed: for state another thread changes (a loop's event log, a metric). The
/// deadline is generous for a loaded machine; a passing test never waits for it.
func waitUntil<T>(_ what: @autoclosure () -> String, seconds: Double = 30, interval: Double = 0.005, _ condition: () throws -> T?) throws -> T {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while true {
        if let value = try condition() { return value }
        guard ContinuousClock.now < deadline else { throw TestFailure("\(what()): not within \(seconds) s") }
        usleep(UInt32(interval * 1e6))
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Substring {
    func trimmingCharacters() -> Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
