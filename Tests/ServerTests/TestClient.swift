#if canImport(Glibc)
import Glibc
#endif
import TLS
import WebSocket

/// A blocking TCP client for end-to-end tests: every read has a deadline (SO_RCVTIMEO), so a
/// test waits on bytes, never on a sleep, and fails instead of hanging.
final class TestClient {
    let fd: Int32
    private var pending: [UInt8] = []
    private(set) var connection: WebSocketConnection?
    /// With TLS, `send` encrypts and `readSome` decrypts; everything above sees plaintext.
    private let tls: TLSSession?

    init(port: UInt16, timeoutSeconds: Int = 5, tls: TLSContext? = nil) throws {
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

    /// Reads once (up to the deadline); empty means end of stream or timeout.
    func readSome() -> [UInt8] {
        if !pending.isEmpty { defer { pending = [] }; return pending }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { return [] }
            guard let tls else { return Array(buffer[..<n]) }
            guard let plaintext = try? buffer.withUnsafeBytes({ try tls.receive(UnsafeRawBufferPointer(rebasing: $0[..<n])) }) else { return [] }
            if tls.hasCiphertext { writeRaw(tls.takeCiphertext()) }
            if !plaintext.isEmpty { return plaintext }
        }
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
                    let more = readSome()
                    guard !more.isEmpty else { break }
                    body += more
                }
                pending = Array(body.dropFirst(length))
                let status = Int(head.split(separator: " ")[1]) ?? 0
                return (status, head, Array(body.prefix(length)))
            }
            let more = readSome()
            guard !more.isEmpty else { throw TestFailure("no HTTP response; got \(bytes.count) bytes") }
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
            let bytes = readSome()
            if bytes.isEmpty { return nil }
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
