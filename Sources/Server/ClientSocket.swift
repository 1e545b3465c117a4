import EventLoop
import Posix
import TLS
import WebSocket

/// One accepted TCP connection: the only type that holds both a descriptor and a protocol state.
/// It reads into the loop's shared buffer, feeds TLS → HTTP → WebSocket, and queues output that
/// the loop flushes with writev at the end of the iteration.
final class ClientSocket: IOHandler {
    enum Phase {
        /// HTTP requests (plain, with a body, or the upgrade), one at a time.
        case http(HTTPExchange)
        case webSocket(WebSocketConnection, Route)
        /// No more input is processed; the queued output is written, then the connection ends.
        case finishing
        /// Output flushed and write side shut; waiting for the peer's FIN before closing.
        case lingering
        case closed
    }

    let fd: Int32
    unowned let loop: ServerLoop
    var id: ConnectionID
    var phase: Phase
    var writeQueue = WriteQueue()
    var tls: TLSSession?
    var waitingForWritable = false
    /// Set while an application's HTTP answer is pending and enough pipelined input is buffered.
    var readingPaused = false
    /// Keepalive bookkeeping (nanoseconds, loop clock).
    var lastReceived: UInt64
    var pingSentAt: UInt64 = 0
    var closingSince: UInt64 = 0
    let connectedAt: UInt64
    /// The close code this connection ended with, for metrics (1006 if none was exchanged).
    var closeCode: UInt16 = 1006
    /// From the upgrade request, for applications (a bearer token travels in the query).
    var upgradeQuery: String?
    var subprotocol: String?
    /// An application's per-connection state.
    var applicationState: AnyObject?
    /// Accepted on the `--metrics-address` listener: answers /metrics and /healthz only.
    let metricsOnly: Bool

    init(fd: Int32, loop: ServerLoop, tls: TLSSession?, metricsOnly: Bool = false) {
        self.fd = fd
        self.loop = loop
        self.tls = tls
        self.metricsOnly = metricsOnly
        id = ConnectionID(loop: loop.index, registration: Registration(slot: 0, generation: 0))
        phase = .http(HTTPExchange(maxBodyBytes: loop.context.configuration.maxRequestBodyBytes, started: loop.eventLoop.now))
        lastReceived = loop.eventLoop.now
        connectedAt = loop.eventLoop.now
    }

    var registration: Registration { id.registration }
    var context: ServerContext { loop.context }

    // MARK: Reading

    func readable() {
        let buffer = loop.readBuffer
        // Bounded per wake-up (level-triggered epoll calls again) so one busy peer cannot starve others.
        for _ in 0..<16 {
            let count: Int
            do {
                switch try Descriptor.read(fd, into: buffer) {
                case .done(let n): count = n
                case .wouldBlock: return
                }
            } catch {
                terminate()
                return
            }
            if count == 0 {
                terminate()
                return
            }
            loop.metrics.add(.bytesIn, count)
            lastReceived = loop.eventLoop.now
            received(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            if case .closed = phase { return }
            if count < buffer.count || readingPaused { return }
        }
    }

    private func received(_ bytes: UnsafeRawBufferPointer) {
        guard let tls else {
            receivedPlaintext(bytes)
            return
        }
        do {
            let plaintext = try tls.receive(bytes)
            flushTLS()
            if !plaintext.isEmpty { plaintext.withUnsafeBytes { receivedPlaintext($0) } }
        } catch {
            flushTLS()
            finish()
        }
    }

    private func receivedPlaintext(_ bytes: UnsafeRawBufferPointer) {
        switch phase {
        case .http(let exchange): receivedHTTP(bytes, exchange)
        case .webSocket(let connection, let route): receivedFrames(bytes, connection, route)
        case .finishing, .lingering, .closed: return
        }
    }

    // MARK: Writing

    /// Queues bytes for the end-of-iteration flush. The same array may sit in many queues.
    func queue(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        switch phase {
        case .lingering, .closed: return
        default: break
        }
        if let tls {
            do {
                try bytes.withUnsafeBytes { try tls.send($0) }
            } catch {
                terminate()
                return
            }
            flushTLS()
        } else {
            writeQueue.append(bytes)
        }
        loop.metrics.add(.bytesOut, bytes.count)
        if writeQueue.queuedBytes > context.configuration.sendQueueLimit {
            dropSlowReader()
            return
        }
        loop.eventLoop.needsFlush(registration)
    }

    private func flushTLS() {
        guard let tls, tls.hasCiphertext else { return }
        writeQueue.append(tls.takeCiphertext())
        loop.eventLoop.needsFlush(registration)
    }

    func writable() {
        flush()
    }

    func flush() {
        switch writeQueue.flush(to: fd) {
        case .drained:
            if waitingForWritable {
                waitingForWritable = false
                loop.eventLoop.setInterest(registration, interest)
            }
            if case .finishing = phase { linger() }
        case .pending:
            if !waitingForWritable {
                waitingForWritable = true
                loop.eventLoop.setInterest(registration, interest)
            }
        case .failed:
            terminate()
        }
    }

    private var interest: Epoll.Interest {
        (readingPaused ? [] : Epoll.Interest.readable).union(waitingForWritable ? .writable : [])
    }

    /// Stops (or resumes) reading: level-triggered epoll reports the unread input again later.
    func pauseReading(_ paused: Bool) {
        guard readingPaused != paused else { return }
        readingPaused = paused
        loop.eventLoop.setInterest(registration, interest)
    }

    /// A peer that stopped reading would make the queue grow without bound: give up on it.
    /// It can reconnect and resume from its last sequence number, so nothing is lost.
    private func dropSlowReader() {
        loop.logger.notice("closing slow reader", metadata: ["conn": "\(id)", "queued": "\(writeQueue.queuedBytes)"])
        closeCode = CloseCode.policyViolation.rawValue
        loop.metrics.add(.slowReadersClosed)
        Socket.setAbortiveClose(fd)
        terminate()
    }

    // MARK: Closing

    /// Stops reading input; ends the connection once the queued output is written.
    func finish() {
        if case .webSocket = phase { endWebSocket() }
        switch phase {
        case .lingering, .closed: return
        default: break
        }
        phase = .finishing
        pauseReading(false)  // lingering needs to see the peer's FIN
        loop.eventLoop.needsFlush(registration)
        loop.eventLoop.setTimer(registration, deadline: loop.eventLoop.now + context.closeTimeout)
    }

    /// The WebSocket part is over (handshake done or failed): count it and tell its route once.
    func endWebSocket() {
        guard case .webSocket(_, let route) = phase else { return }
        phase = .finishing
        loop.metrics.add(.webSockets, -1)
        loop.metrics.countClose(code: closeCode)
        loop.routeClosed(self, route)
    }

    /// After the last byte is written: shut our side and wait briefly for the peer's FIN, so that
    /// unread bytes in our receive buffer cannot turn the close into a reset that loses our frames.
    private func linger() {
        Socket.shutdownWrite(fd)
        phase = .lingering
        closingSince = loop.eventLoop.now
        loop.eventLoop.setTimer(registration, deadline: loop.eventLoop.now + context.closeTimeout)
    }

    /// Ends the connection now: deregisters, closes the descriptor, tells the route.
    func terminate() {
        if case .closed = phase { return }
        endWebSocket()
        phase = .closed
        loop.eventLoop.deregister(registration)
        Descriptor.close(fd)
        loop.socketClosed(self)
    }

    func failed() {
        terminate()
    }
}

@available(*, unavailable)
extension ClientSocket: Sendable {}
