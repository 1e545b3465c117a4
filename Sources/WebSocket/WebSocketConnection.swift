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
    public private(set) var state = State.open

    private let parser: FrameParser
    private var assembler: MessageAssembler
    private var output: [UInt8] = []
    private var events: [WebSocketEvent?] = []
    private var eventIndex = 0

    private var inControlFrame = false
    private var control: (opcode: Opcode, maskingKey: MaskingKey?) = (.ping, nil)
    private var controlPayload: [UInt8] = []

    private let compressionLevel: Int32
    private let minimumBytesToCompress: Int
    /// Created on the first message worth compressing: a deflate stream costs ~256 KiB.
    private var deflater: Deflater?
    private var canCompress: Bool
    private var compressed: [UInt8] = []
    private var maskingState: UInt64

    /// - Parameters:
    ///   - deflate: the parameters from `HandshakeDecision.accept`, or nil.
    ///   - compressionLevel, minimumBytesToCompress: from `DeflateConfiguration`; used only when
    ///     deflate was agreed.
    ///   - maskingSeed: client role only, seeds the xorshift generator of masking keys. Masking
    ///     exists to stop cache poisoning by browser scripts (§10.3); a load generator needs
    ///     variety, not secrecy.
    public init(
        role: Role, limits: WebSocketLimits = WebSocketLimits(), deflate: DeflateParameters?,
        compressionLevel: Int32 = Deflater.defaultLevel,
        minimumBytesToCompress: Int = DeflateConfiguration.defaultMinimumBytesToCompress,
        maskingSeed: UInt64 = 0x9E37_79B9_7F4A_7C15
    ) {
        self.role = role
        self.limits = limits
        self.deflate = deflate
        self.compressionLevel = compressionLevel
        self.minimumBytesToCompress = minimumBytesToCompress
        maskingState = maskingSeed == 0 ? 0x9E37_79B9_7F4A_7C15 : maskingSeed
        var inflater: Inflater?
        if let deflate {
            let peerBits = role == .server ? deflate.clientMaxWindowBits : deflate.serverMaxWindowBits
            let peerResets = role == .server ? deflate.clientNoContextTakeover : deflate.serverNoContextTakeover
            // A zlib sender asked for window 8 really uses 9 (zlib cannot do 8), so inflate with 9.
            inflater = try? Inflater(windowBits: max(9, peerBits), noContextTakeover: peerResets)
        }
        let ownBits = deflate.map { role == .server ? $0.serverMaxWindowBits : $0.clientMaxWindowBits } ?? 0
        // zlib refuses raw DEFLATE with window 8: send uncompressed then, which RFC 7692 allows.
        canCompress = ownBits >= 9
        parser = FrameParser(requireMasked: role == .server, allowRSV1: inflater != nil, maxFrameBytes: limits.maxFrameBytes)
        assembler = MessageAssembler(limits: limits, inflater: inflater)
    }

    // MARK: Bytes in, events out

    /// Parses everything in `bytes`; events queue up for `nextEvent()`, replies for `takeOutput()`.
    public func receive(_ bytes: UnsafeRawBufferPointer) {
        var cursor = 0
        while state != .closed {
            do {
                guard let item = try parser.next(bytes, cursor: &cursor) else { return }
                try handle(item)
            } catch {
                fail(error)
            }
        }
    }

    public func receive(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { receive($0) }
    }

    public func nextEvent() -> WebSocketEvent? {
        guard eventIndex < events.count else {
            events.removeAll(keepingCapacity: true)
            eventIndex = 0
            return nil
        }
        defer { eventIndex += 1 }
        // take() moves the payload out, so the caller holds the only reference to it.
        return events[eventIndex].take()
    }

    // MARK: Bytes out

    /// The bytes to write, in order; empty if none.
    public func takeOutput() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &output)
        return taken
    }

    public var hasOutput: Bool { !output.isEmpty }

    /// Ignored unless the connection is open. The caller guarantees `utf8` is valid UTF-8.
    public func sendText(_ utf8: UnsafeRawBufferPointer) { sendMessage(.text, utf8) }
    public func sendText(_ utf8: [UInt8]) { utf8.withUnsafeBytes { sendMessage(.text, $0) } }
    public func sendBinary(_ payload: UnsafeRawBufferPointer) { sendMessage(.binary, payload) }
    public func sendBinary(_ payload: [UInt8]) { payload.withUnsafeBytes { sendMessage(.binary, $0) } }
    /// Payloads past 125 bytes are cut to 125 (§5.5).
    public func sendPing(_ payload: UnsafeRawBufferPointer) { sendControl(.ping, payload) }
    public func sendPing(_ payload: [UInt8] = []) { payload.withUnsafeBytes { sendControl(.ping, $0) } }
    public func sendPong(_ payload: UnsafeRawBufferPointer) { sendControl(.pong, payload) }
    public func sendPong(_ payload: [UInt8] = []) { payload.withUnsafeBytes { sendControl(.pong, $0) } }

    /// Starts the closing handshake. A code that may not go on the wire (1005, 1006, ...) sends
    /// a close frame without a code. The reason is cut to 123 bytes at a character boundary.
    public func close(code: CloseCode, reason: String = "") {
        guard state == .open else { return }
        writeClose(code: code, reason: reason)
        state = .closing
    }

    // MARK: Receiving

    private func handle(_ item: FrameParser.Item) throws(ProtocolError) {
        switch item {
        case .header(let header):
            inControlFrame = header.opcode.isControl
            if inControlFrame {
                control = (header.opcode, header.maskingKey)
                controlPayload.removeAll(keepingCapacity: true)
            } else {
                try assembler.begin(header)
            }
        case .payload(let chunk, let offset):
            if inControlFrame {
                let start = controlPayload.count
                controlPayload.append(contentsOf: chunk)
                controlPayload.withUnsafeMutableBytes {
                    control.maskingKey?.apply(to: UnsafeMutableRawBufferPointer(rebasing: $0[start...]), offset: offset)
                }
            } else {
                try assembler.append(chunk, offset: offset)
            }
        case .end:
            if inControlFrame {
                try handleControl()
            } else if let message = try assembler.end() {
                events.append(message)
            }
        }
    }

    private func handleControl() throws(ProtocolError) {
        let payload = controlPayload
        switch control.opcode {
        case .ping:
            if state == .open {
                payload.withUnsafeBytes { writeFrame(.pong, $0) }
            }
            events.append(.ping(payload))
        case .pong:
            events.append(.pong(payload))
        default:
            let (code, reason) = try ClosePayload.decode(payload)
            if state == .open {
                // Echo the peer's code (§5.5.1); 1000 when it sent none.
                writeClose(code: code ?? .normalClosure, reason: "")
            }
            state = .closed
            events.append(.closed(code, reason: reason))
        }
    }

    /// Fails the connection (§7.1.7): one close frame with the error's code, then nothing more.
    private func fail(_ error: ProtocolError) {
        guard state != .closed else { return }
        if state == .open {
            writeClose(code: error.closeCode, reason: error.reason)
        }
        state = .closed
        events.append(.closed(error.closeCode, reason: error.reason))
    }

    // MARK: Sending

    private func sendMessage(_ opcode: Opcode, _ payload: UnsafeRawBufferPointer) {
        guard state == .open else { return }
        if canCompress && payload.count >= minimumBytesToCompress, let deflater = outgoingDeflater() {
            compressed.removeAll(keepingCapacity: compressed.capacity <= 1 << 16)
            do {
                try deflater.compress(payload, appendingTo: &compressed)
                if compressed.count < payload.count {
                    compressed.withUnsafeBytes { writeFrame(opcode, $0, rsv1: true) }
                    return
                }
            } catch {}
            // Our window now holds bytes the peer will never see; forget them (always safe).
            deflater.reset()
        }
        writeFrame(opcode, payload)
    }

    private func outgoingDeflater() -> Deflater? {
        if let deflater { return deflater }
        guard let deflate else { return nil }
        let bits = role == .server ? deflate.serverMaxWindowBits : deflate.clientMaxWindowBits
        let resets = role == .server ? deflate.serverNoContextTakeover : deflate.clientNoContextTakeover
        deflater = try? Deflater(windowBits: bits, noContextTakeover: resets, level: compressionLevel)
        canCompress = deflater != nil
        return deflater
    }

    private func sendControl(_ opcode: Opcode, _ payload: UnsafeRawBufferPointer) {
        guard state == .open else { return }
        writeFrame(opcode, UnsafeRawBufferPointer(rebasing: payload.prefix(125)))
    }

    private func writeClose(code: CloseCode, reason: String) {
        let payload = ClosePayload.encode(code: code, reason: reason)
        payload.withUnsafeBytes { writeFrame(.close, $0) }
    }

    private func writeFrame(_ opcode: Opcode, _ payload: UnsafeRawBufferPointer, rsv1: Bool = false) {
        FrameWriter.append(
            opcode: opcode, payload: payload, rsv1: rsv1, maskingKey: role == .client ? nextMaskingKey() : nil,
            to: &output)
    }

    /// xorshift64*: cheap, and never repeats a key within a run.
    private func nextMaskingKey() -> MaskingKey {
        maskingState ^= maskingState >> 12
        maskingState ^= maskingState << 25
        maskingState ^= maskingState >> 27
        let word = UInt32(truncatingIfNeeded: (maskingState &* 0x2545_F491_4F6C_DD1D) >> 32)
        return MaskingKey((
            UInt8(truncatingIfNeeded: word >> 24), UInt8(truncatingIfNeeded: word >> 16),
            UInt8(truncatingIfNeeded: word >> 8), UInt8(truncatingIfNeeded: word)))
    }
}

@available(*, unavailable)
extension WebSocketConnection: Sendable {}
