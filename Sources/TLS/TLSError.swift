import COpenSSL

/// A TLS failure, carrying what CareWire was doing and OpenSSL's own explanation.
public struct TLSError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Certificate, key or context set-up failed.
        case configuration
        /// The handshake failed (bad peer, version, certificate, garbage bytes).
        case handshake
        /// A record failed after the handshake (bad MAC, unexpected message).
        case protocolViolation
        /// Plaintext queued before the handshake exceeded its cap.
        case bufferLimitExceeded
        /// The session was already closed or had already failed.
        case closed
    }

    public let kind: Kind
    public let message: String
    /// OpenSSL's error queue at the time of failure, oldest first.
    public let openSSLErrors: [String]

    public init(_ kind: Kind, _ message: String, openSSLErrors: [String] = []) {
        self.kind = kind
        self.message = message
        self.openSSLErrors = openSSLErrors
    }

    public var description: String {
        openSSLErrors.isEmpty ? message : message + " (" + openSSLErrors.joined(separator: "; ") + ")"
    }

    /// Builds an error from, and empties, this thread's OpenSSL error queue.
    static func drainingQueue(_ kind: Kind, _ message: String) -> TLSError {
        TLSError(kind, message, openSSLErrors: drainErrorQueue())
    }

    /// Empties the thread-local OpenSSL error queue, so that a failure on one
    /// connection is never reported by the next connection served on this loop.
    static func drainErrorQueue() -> [String] {
        var messages: [String] = []
        var data: UnsafePointer<CChar>?
        var flags: Int32 = 0
        while true {
            let code = ERR_get_error_all(nil, nil, nil, &data, &flags)
            if code == 0 { break }
            var text = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &text, text.count)
            var line = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if flags & ERR_TXT_STRING != 0, let data, data.pointee != 0 {
                line += ": " + String(cString: data)
            }
            messages.append(line)
        }
        return messages
    }
}
