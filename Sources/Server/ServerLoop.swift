import HTTP
import Compression
import EventLoop
import Logging
import Posix
import TLS
import WebSocket

/// Everything one loop thread owns: its reactor, listener, sockets, rooms and read buffer.
/// Built on its own thread and never shared; other threads reach it through `handle`.
final class ServerLoop {
    let index: Int
    let context: ServerContext
    let handle: LoopHandle
    let eventLoop: EventLoop
    let metrics: LoopMetrics
    let logger: Logger
    /// One read buffer per loop, not per connection: idle connections cost no buffer memory.
    let readBuffer: UnsafeMutableRawBufferPointer
    /// Compresses fan-out messages once for every recipient (fresh context each message).
    let sharedDeflater: Deflater?
    var rooms: RoomBoard
    /// One instance per application endpoint, made on this thread.
    private(set) var applications: [any Application] = []
    private var listener: Listener?
    var metricsListener: Listener?
    private var mailboxReader: MailboxReader?
    private var openSockets = 0
    private var shuttingDown = false

    init(index: Int, context: ServerContext, listenerFD: Int32) throws {
        self.index = index
        self.context = context
        handle = context.handles[index]
        metrics = context.metrics[index]
        var logger = context.logger
        logger[metadataKey: "loop"] = "\(index)"
        self.logger = logger
        eventLoop = try EventLoop(index: index)
        readBuffer = .allocate(byteCount: 64 << 10, alignment: 16)
        sharedDeflater = context.deflate == nil ? nil : try Deflater(windowBits: 15, noContextTakeover: true)
        rooms = RoomBoard(loopCount: context.handles.count)
        listener = Listener(fd: listenerFD, loop: self)
        let reader = MailboxReader(loop: self)
        let readerRegistration = try eventLoop.register(handle.mailbox.fd, interest: .readable, handler: reader)
        reader.registration = readerRegistration
        mailboxReader = reader
        eventLoop.setTimer(readerRegistration, deadline: eventLoop.now + 1_000_000_000)
        applications = context.applications.indices.map { context.applications[$0].make(LoopServices(loop: self, endpoint: $0)) }
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Start-up phase 2, once every loop's applications exist: they may now post to any loop.
    func startApplications() {
        for application in applications { application.start() }
    }

    /// Start-up phase 3, once every loop's applications started: accept connections.
    func openListener() throws {
        guard let listener, listener.registration == nil else { return }
        listener.registration = try eventLoop.register(listener.fd, interest: .readable, handler: listener)
    }

    func run() {
        eventLoop.run()
        listener?.close()
        logger.debug("loop stopped")
    }

    // MARK: Connections

    func adopt(_ fd: Int32, metricsOnly: Bool = false) {
        let open = context.openConnections.wrappingAdd(1, ordering: .relaxed).newValue
        guard open <= context.configuration.maxConnections, !shuttingDown else {
            context.openConnections.wrappingSubtract(1, ordering: .relaxed)
            metrics.add(.rejectedConnections)
            refuse(fd)
            return
        }
        Socket.setNoDelay(fd)
        let session: TLSSession?
        if let tls = context.tls, !metricsOnly {
            guard let created = try? TLSSession(context: tls) else {
                context.openConnections.wrappingSubtract(1, ordering: .relaxed)
                Descriptor.close(fd)
                return
            }
            session = created
        } else {
            session = nil
        }
        let socket = ClientSocket(fd: fd, loop: self, tls: session, metricsOnly: metricsOnly)
        do {
            let registration = try eventLoop.register(fd, interest: .readable, handler: socket)
            socket.id = ConnectionID(loop: index, registration: registration)
        } catch {
            context.openConnections.wrappingSubtract(1, ordering: .relaxed)
            Descriptor.close(fd)
            return
        }
        openSockets += 1
        metrics.add(.connections)
        eventLoop.setTimer(socket.registration, deadline: eventLoop.now + context.handshakeTimeout)
    }

    /// Over the limit: a best-effort 503 (one nonblocking write), then close.
    private func refuse(_ fd: Int32) {
        let response = HTTPResponse.text(503, "too many connections\n", extraHeaders: [("Retry-After", "5")])
        let bytes = context.encode(response, keepAlive: false)
        _ = bytes.withUnsafeBytes { try? Descriptor.write(fd, $0) }
        Descriptor.close(fd)
    }

    /// The socket moved to another loop (`ClientSocket.handOver`): it still counts against the
    /// server's connection limit, no longer against this loop.
    func socketHandedOver(_ socket: ClientSocket) {
        openSockets -= 1
        metrics.add(.connections, -1)
        metrics.add(.handovers)
        if shuttingDown && openSockets == 0 { eventLoop.stop() }
    }

    /// Takes over a connection another loop handed over (already counted against the server's
    /// limit); nil, with the descriptor closed, while shutting down or if it cannot be registered.
    func adoptHandedOver(_ fd: Int32) -> ClientSocket? {
        let socket = ClientSocket(fd: fd, loop: self, tls: nil)
        guard !shuttingDown, let registration = try? eventLoop.register(fd, interest: .readable, handler: socket) else {
            context.openConnections.wrappingSubtract(1, ordering: .relaxed)
            Descriptor.close(fd)
            return nil
        }
        socket.id = ConnectionID(loop: index, registration: registration)
        openSockets += 1
        metrics.add(.connections)
        return socket
    }

    func socketClosed(_ socket: ClientSocket) {
        openSockets -= 1
        metrics.add(.connections, -1)
        context.openConnections.wrappingSubtract(1, ordering: .relaxed)
        if shuttingDown && openSockets == 0 { eventLoop.stop() }
    }

    func socket(_ id: ConnectionID) -> ClientSocket? {
        eventLoop.handler(for: id.registration) as? ClientSocket
    }

    // MARK: Mailbox

    func handle(_ message: LoopMessage) {
        switch message {
        case .deliver(let shared, let recipients, let sender):
            deliver(shared, to: recipients, except: sender)
        case .room(let message):
            handleRoom(message)
        case .adoptMetricsListener(let fd):
            adoptMetricsListener(fd)
        case .application(let index, let value):
            applications[index].deliver(posted: value)
        case .shutdown:
            beginShutdown()
        }
    }

    /// Writes to this loop's recipients directly and posts one delivery to each other loop.
    func fanOut(_ shared: SharedMessage, to groups: [(loop: Int, members: [ConnectionID])]) {
        for group in groups {
            if group.loop == index {
                deliver(shared, to: group.members, except: nil)
            } else {
                context.handles[group.loop].post(.deliver(shared, group.members, except: nil))
            }
        }
    }

    private func deliver(_ shared: SharedMessage, to recipients: [ConnectionID], except sender: ConnectionID?) {
        for id in recipients where id != sender { socket(id)?.deliver(shared) }
    }

    // MARK: Lifecycle

    func housekeeping() {
        if shuttingDown {
            // The drain deadline passed: peers that did not finish the closing handshake are dropped.
            eventLoop.stop()
            return
        }
        metrics.set(.loopLagNanoseconds, Int(eventLoop.takeMaxIterationNanoseconds()))
        for application in applications { application.tick() }
        if let registration = mailboxReader?.registration {
            eventLoop.setTimer(registration, deadline: eventLoop.now + 1_000_000_000)
        }
    }

    private func beginShutdown() {
        guard !shuttingDown else { return }
        shuttingDown = true
        listener?.close()
        listener = nil
        metricsListener?.close()
        metricsListener = nil
        for case let socket as ClientSocket in eventLoop.handlers {
            switch socket.phase {
            case .webSocket: socket.close(code: .goingAway, reason: "server shutting down")
            case .http: socket.terminate()
            default: break
            }
        }
        if openSockets == 0 { eventLoop.stop() }
        if let registration = mailboxReader?.registration {
            eventLoop.setTimer(registration, deadline: eventLoop.now + context.closeTimeout + 500_000_000)
        }
    }
}

@available(*, unavailable)
extension ServerLoop: Sendable {}
