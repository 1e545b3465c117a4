import EventLoop
import Posix
import WebSocket

/// What a client connection reports to: the load thread that owns it (room-path's `LoadThread`,
/// carewire's `CareDriver`).
protocol ClientOwner: AnyObject {
    var loop: EventLoop { get }
    var readBuffer: UnsafeMutableRawBufferPointer { get }
    func clientOpened(_ client: RoomClient)
    func clientFailedToOpen(_ client: RoomClient)
    func clientLost(_ client: RoomClient)
    func received(_ payload: UnsafeRawBufferPointer, by client: RoomClient, at now: UInt64)
    func noteError(_ description: String)
}

/// One WebSocket client connection: nonblocking connect, HTTP upgrade, then frames. Lives on its
/// load thread and reports to it. Can connect again after a close (carewire's storm).
final class RoomClient: IOHandler {
    enum Phase { case idle, connecting, handshaking, open, closed }

    let member: Int
    let room: UInt32
    private unowned let thread: any ClientOwner
    private(set) var phase = Phase.idle
    private var fd: Int32 = -1
    private var registration: Registration?
    private var connection: WebSocketConnection
    private var writeQueue = WriteQueue()
    private var response: [UInt8] = []
    /// The next sequence number expected from each sender in the room (in-order over TCP).
    var nextFromSender: [UInt32: UInt32] = [:]

    init(member: Int, room: UInt32, thread: any ClientOwner) {
        self.member = member
        self.room = room
        self.thread = thread
        // Large limits: a peer may batch, but a room-path message is never near 1 MiB.
        connection = Self.newConnection(member)
    }

    private static func newConnection(_ member: Int) -> WebSocketConnection {
        WebSocketConnection(role: .client, deflate: nil, maskingSeed: UInt64(member) &+ 0x9E37_79B9)
    }

    var isOpen: Bool { phase == .open }

    func connect(to address: SocketAddress, from source: SocketAddress?, request: [UInt8]) {
        if phase == .closed {  // a reconnect: fresh framing state
            connection = Self.newConnection(member)
            writeQueue = WriteQueue()
            response = []
        }
        phase = .connecting
        do {
            let (fd, pending) = try Socket.connect(to: address, from: source)
            self.fd = fd
            Socket.setNoDelay(fd)
            writeQueue.append(request)
            registration = try thread.loop.register(fd, interest: pending ? .writable : [.readable, .writable], handler: self)
        } catch {
            fail("connect: \(error)")
        }
    }

    // MARK: IOHandler

    func writable() {
        if phase == .connecting {
            let code = Socket.pendingError(fd)
            guard code == 0 else { return fail("connect: \(Errno(code: code, function: "connect"))") }
            phase = .handshaking
        }
        flush()
    }

    func readable() {
        let buffer = thread.readBuffer
        let count: Int
        do {
            switch try Descriptor.read(fd, into: buffer) {
            case .wouldBlock: return
            case .done(0): return fail("server closed the connection")
            case .done(let n): count = n
            }
        } catch {
            return fail("read: \(error)")
        }
        let now = ProcessResources.monotonicNanoseconds()
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[..<count])
        switch phase {
        case .handshaking, .connecting: handshakeBytes(bytes, now: now)
        case .open: frameBytes(bytes, now: now)
        case .idle, .closed: break
        }
    }

    func failed() {
        fail(phase == .connecting ? "connect: \(Errno(code: Socket.pendingError(fd), function: "connect"))" : "socket error")
    }

    func flush() {
        guard let registration, phase != .closed else { return }
        switch writeQueue.flush(to: fd) {
        case .drained: thread.loop.setInterest(registration, .readable)
        case .pending: thread.loop.setInterest(registration, [.readable, .writable])
        case .failed(let error): fail("write: \(error)")
        }
    }

    // MARK: Protocol

    private func handshakeBytes(_ bytes: UnsafeRawBufferPointer, now: UInt64) {
        phase = .handshaking
        response.append(contentsOf: bytes)
        switch ClientHandshake.evaluate(response) {
        case .incomplete: return
        case .rejected(let reason): fail("handshake: \(reason)")
        case .accepted(let bodyStart):
            phase = .open
            let rest = Array(response[bodyStart...])
            response = []
            thread.clientOpened(self)
            if !rest.isEmpty { rest.withUnsafeBytes { frameBytes($0, now: now) } }
        }
    }

    private func frameBytes(_ bytes: UnsafeRawBufferPointer, now: UInt64) {
        connection.receive(bytes)
        while let event = connection.nextEvent() {
            switch event {
            case .text(let payload), .binary(let payload):
                payload.withUnsafeBytes { thread.received($0, by: self, at: now) }
            case .ping, .pong: break
            case .closed(let code, let reason):
                thread.noteError("server closed the WebSocket: \(code.map { "\($0)" } ?? "no code") \(reason)")
            }
        }
        if connection.hasOutput { send(connection.takeOutput()) }
        if connection.state == .closed { close() }
    }

    /// Queues one text message and writes it now (latency matters more than batching here).
    func sendText(_ payload: UnsafeRawBufferPointer) {
        guard phase == .open else { return }
        connection.sendText(payload)
        send(connection.takeOutput())
    }

    private func send(_ bytes: [UInt8]) {
        writeQueue.append(bytes)
        flush()
    }

    // MARK: Ending

    private func fail(_ reason: String) {
        let wasOpen = phase == .open
        let wasConnecting = phase == .connecting || phase == .handshaking
        guard phase != .closed else { return }
        thread.noteError(reason)
        close()
        if wasConnecting { thread.clientFailedToOpen(self) } else if wasOpen { thread.clientLost(self) }
    }

    /// Sends a close frame if open, then resets the TCP connection: a reset leaves no TIME_WAIT
    /// behind on the client's ephemeral ports, which repeated runs would otherwise exhaust.
    func close() {
        guard phase != .closed else { return }
        if phase == .open {
            connection.close(code: .goingAway)
            if connection.hasOutput { writeQueue.append(connection.takeOutput()); _ = writeQueue.flush(to: fd) }
        }
        phase = .closed
        if let registration { thread.loop.deregister(registration) }
        registration = nil
        if fd >= 0 {
            Socket.setAbortiveClose(fd)
            Descriptor.close(fd)
            fd = -1
        }
    }
}
