import Compression

/// One WebSocket connection without I/O (RFC 6455, RFC 7692), in the python-websockets style:
/// bytes in, events out, bytes out.
///
/// After every `receive(_:)` the caller must write `takeOutput()` to the socket (pongs and close
/// frames are queued there) and should drain `nextEvent()`. Once `state` is `.closed` the caller
/// must flush the output and then close the TCP connection; further input is ignored.
///
/// Confined to the thread of the loop that owns the socket.
public final class WebSocketConnection {
    public enum Role: Sendable {
        /// Incoming frames must be masked (else 1002); outgoing frames are not.
        case server
        /// Outgoing frames are masked; incoming frames must not be.
        case client
    }

    public enum State: Sendable {
        case open
        /// We sent a close frame and are waiting for the peer's.
        case closing
        /// The closing handshake finished or the connection failed: flush output, close TCP.
        case closed
    }

    public let role: Role
    public let limits: WebSocketLimits
    /// What was agreed in the handshake; nil when permessage-deflate is off.
    public let deflate: DeflateParameters?
    private var core: ConnectionCore

    /// - Parameters:
    ///   - deflate: the parameters from `HandshakeDecision.accept`, or nil.
    ///   - compressionLevel, minimumBytesToCompress: from `DeflateConfiguration`; used only when
    ///     deflate was agreed.
    ///   - sharedDeflater: a no-context-takeover stream shared by the caller's connections on
    ///     one thread; used instead of a private ~256 KiB stream when this side agreed no
    ///     context takeover (the server always asks for it).
    ///   - maskingSeed: client role only: seeds the masking keys (see `MaskingKeySource`).
    public init(
        role: Role, limits: WebSocketLimits = WebSocketLimits(), deflate: DeflateParameters?,
        compressionLevel: Int32 = Deflater.defaultLevel,
        minimumBytesToCompress: Int = DeflateConfiguration.defaultMinimumBytesToCompress,
        sharedDeflater: Deflater? = nil,
        maskingSeed: UInt64 = 0x9E37_79B9_7F4A_7C15
    ) {
        self.role = role
        self.limits = limits
        self.deflate = deflate
        core = ConnectionCore(
            role: role, limits: limits, deflate: deflate, compressionLevel: compressionLevel,
            minimumBytesToCompress: minimumBytesToCompress, sharedDeflater: sharedDeflater, maskingSeed: maskingSeed)
    }

    public var state: State { core.state }

    // MARK: Bytes in, events out

    /// Parses everything in `bytes`; events queue up for `nextEvent()`, replies for `takeOutput()`.
    public func receive(_ bytes: UnsafeRawBufferPointer) { core.receive(bytes) }
    public func receive(_ bytes: [UInt8]) { bytes.withUnsafeBytes { core.receive($0) } }
    public func nextEvent() -> WebSocketEvent? { core.nextEvent() }

    // MARK: Bytes out

    /// The bytes to write, in order; empty if none.
    public func takeOutput() -> [UInt8] { core.takeOutput() }
    public var hasOutput: Bool { !core.output.isEmpty }

    /// Ignored unless the connection is open. The caller guarantees `utf8` is valid UTF-8.
    public func sendText(_ utf8: UnsafeRawBufferPointer) { core.sendMessage(.text, utf8) }
    public func sendText(_ utf8: [UInt8]) { utf8.withUnsafeBytes { core.sendMessage(.text, $0) } }
    public func sendBinary(_ payload: UnsafeRawBufferPointer) { core.sendMessage(.binary, payload) }
    public func sendBinary(_ payload: [UInt8]) { payload.withUnsafeBytes { core.sendMessage(.binary, $0) } }
    /// Payloads past 125 bytes are cut to 125 (§5.5).
    public func sendPing(_ payload: UnsafeRawBufferPointer) { core.sendControl(.ping, payload) }
    public func sendPing(_ payload: [UInt8] = []) { payload.withUnsafeBytes { core.sendControl(.ping, $0) } }
    public func sendPong(_ payload: UnsafeRawBufferPointer) { core.sendControl(.pong, payload) }
    public func sendPong(_ payload: [UInt8] = []) { payload.withUnsafeBytes { core.sendControl(.pong, $0) } }

    /// Starts the closing handshake. A code that may not go on the wire (1005, 1006, ...) sends
    /// a close frame without a code. The reason is cut to 123 bytes at a character boundary.
    public func close(code: CloseCode, reason: String = "") { core.close(code: code, reason: reason) }
}

@available(*, unavailable)
extension WebSocketConnection: Sendable {}
