import Compression

/// The state machine behind `WebSocketConnection`, as a value: one `receive` is then one
/// exclusive access to the class's storage instead of a dynamic exclusivity check per field per
/// frame, which measured as a third of the small-message cost.
struct ConnectionCore {
    let role: WebSocketConnection.Role
    let deflate: DeflateParameters?
    private(set) var state = WebSocketConnection.State.open
    private(set) var output: [UInt8] = []

    private var parser: FrameDecoder
    private var assembler: MessageAssembler
    private var events: [WebSocketEvent?] = []
    /// A close (received or caused by an error) waiting behind undelivered messages.
    private var ending: Ending?
    private var eventIndex = 0

    private var inControlFrame = false
    private var control: (opcode: Opcode, maskingKey: MaskingKey?) = (.ping, nil)
    private var controlPayload: [UInt8] = []

    private let compressionLevel: Int32
    private let minimumBytesToCompress: Int
    /// Created on the first message worth compressing: a deflate stream costs ~256 KiB.
    private var deflater: Deflater?
    /// The caller's thread-wide no-context-takeover stream, if it offered one.
    private let sharedDeflater: Deflater?
    private var canCompress: Bool
    private var compressed: [UInt8] = []
    private var maskingKeys: MaskingKeySource

    init(
        role: WebSocketConnection.Role, limits: WebSocketLimits, deflate: DeflateParameters?, compressionLevel: Int32,
        minimumBytesToCompress: Int, sharedDeflater: Deflater?, maskingSeed: UInt64
    ) {
        self.role = role
        self.deflate = deflate
        self.compressionLevel = compressionLevel
        self.minimumBytesToCompress = minimumBytesToCompress
        self.sharedDeflater = sharedDeflater
        maskingKeys = MaskingKeySource(seed: maskingSeed)
        var inflation: (windowBits: Int, noContextTakeover: Bool)?
        if let deflate {
            let peerBits = role == .server ? deflate.clientMaxWindowBits : deflate.serverMaxWindowBits
            let peerResets = role == .server ? deflate.clientNoContextTakeover : deflate.serverNoContextTakeover
            // A zlib sender asked for window 8 really uses 9 (zlib cannot do 8), so inflate with 9.
            inflation = (max(9, peerBits), peerResets)
        }
        let ownBits = deflate.map { role == .server ? $0.serverMaxWindowBits : $0.clientMaxWindowBits } ?? 0
        // zlib refuses raw DEFLATE with window 8: send uncompressed then, which RFC 7692 allows.
        canCompress = ownBits >= 9
        parser = FrameDecoder(requireMasked: role == .server, allowRSV1: inflation != nil, maxFrameBytes: limits.maxFrameBytes)
        assembler = MessageAssembler(limits: limits, inflation: inflation)
    }

    mutating func receive(_ bytes: UnsafeRawBufferPointer) {
        var cursor = 0
        while state != .closed && ending == nil {
            do {
                guard let item = try parser.next(bytes, cursor: &cursor) else { return }
                try handle(item)
            } catch {
                fail(error)
            }
        }
    }

    mutating func nextEvent() -> WebSocketEvent? {
        guard eventIndex < events.count else {
            events.removeAll(keepingCapacity: true)
            eventIndex = 0
            if let ending {
                // Every message before the close has been handed out (and answered): close now.
                self.ending = nil
                end(ending)
                return ending.event
            }
            return nil
        }
        defer { eventIndex += 1 }
        // take() moves the payload out, so the caller holds the only reference to it.
        return events[eventIndex].take()
    }

    mutating func takeOutput() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &output)
        return taken
    }

    mutating func close(code: CloseCode, reason: String) {
        guard state == .open else { return }
        writeClose(code: code, reason: reason)
        state = .closing
    }

    // MARK: Receiving

    private mutating func handle(_ item: FrameParser.Item) throws(ProtocolError) {
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

    private mutating func handleControl() throws(ProtocolError) {
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
            // Echo the peer's code and reason (§5.5.1); 1000 when it sent no code.
            finish(Ending(reply: (code ?? .normalClosure, code == nil ? "" : reason), event: .closed(code, reason: reason)))
        }
    }

    /// Fails the connection (§7.1.7): one close frame with the error's code, then nothing more.
    private mutating func fail(_ error: ProtocolError) {
        guard state != .closed, ending == nil else { return }
        finish(Ending(reply: (error.closeCode, error.reason), event: .closed(error.closeCode, reason: error.reason)))
    }

    /// How the connection ends: the close frame we answer with (if still open) and the event.
    struct Ending {
        let reply: (code: CloseCode, reason: String)
        let event: WebSocketEvent
    }

    /// Ends now, or, when messages received before the close are still waiting in `events`,
    /// once the caller has taken them: its replies to those messages (an echo, an ack) then go
    /// out before our close frame, as the peer expects. Parsing stops either way.
    private mutating func finish(_ ending: Ending) {
        if eventIndex < events.count {
            self.ending = ending
        } else {
            end(ending)
            events.append(ending.event)
        }
    }

    private mutating func end(_ ending: Ending) {
        if state == .open {
            writeClose(code: ending.reply.code, reason: ending.reply.reason)
        }
        state = .closed
    }

    // MARK: Sending

    mutating func sendMessage(_ opcode: Opcode, _ payload: UnsafeRawBufferPointer) {
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

    private mutating func outgoingDeflater() -> Deflater? {
        if let deflater { return deflater }
        guard let deflate else { return nil }
        let bits = role == .server ? deflate.serverMaxWindowBits : deflate.clientMaxWindowBits
        let resets = role == .server ? deflate.serverNoContextTakeover : deflate.clientNoContextTakeover
        // Without context takeover every message starts from an empty window, so one stream
        // (reset after each message) can serve all of a thread's connections.
        if resets, let shared = sharedDeflater, shared.noContextTakeover, shared.windowBits <= bits {
            deflater = shared
            return shared
        }
        deflater = try? Deflater(windowBits: bits, noContextTakeover: resets, level: compressionLevel)
        canCompress = deflater != nil
        return deflater
    }

    mutating func sendControl(_ opcode: Opcode, _ payload: UnsafeRawBufferPointer) {
        guard state == .open else { return }
        writeFrame(opcode, UnsafeRawBufferPointer(rebasing: payload.prefix(125)))
    }

    private mutating func writeClose(code: CloseCode, reason: String) {
        let payload = ClosePayload.encode(code: code, reason: reason)
        payload.withUnsafeBytes { writeFrame(.close, $0) }
    }

    private mutating func writeFrame(_ opcode: Opcode, _ payload: UnsafeRawBufferPointer, rsv1: Bool = false) {
        FrameWriter.append(
            opcode: opcode, payload: payload, rsv1: rsv1, maskingKey: role == .client ? maskingKeys.next() : nil,
            to: &output)
    }
}
