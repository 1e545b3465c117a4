import WebSocket

/// The WebSocket phase: frames in, route callbacks, keepalive, and fan-out deliveries.
extension ClientSocket {
    func receivedFrames(_ bytes: UnsafeRawBufferPointer, _ connection: WebSocketConnection, _ route: Route) {
        connection.receive(bytes)
        while let event = connection.nextEvent() {
            switch event {
            case .text, .binary:
                loop.metrics.add(.messagesIn)
                loop.routeReceived(self, route, event)
            case .ping, .pong:
                break
            case .closed(let code, _):
                closeCode = code?.rawValue ?? CloseCode.noStatusReceived.rawValue
            }
            guard case .webSocket = phase else { return }
        }
        afterConnectionChange(connection)
    }

    /// Moves the connection's output to the socket queue and ends the socket once it has closed.
    func afterConnectionChange(_ connection: WebSocketConnection) {
        if connection.hasOutput { queue(connection.takeOutput()) }
        if connection.state == .closed, case .webSocket = phase { finish() }
    }

    func sendText(_ bytes: [UInt8]) {
        guard case .webSocket(let connection, _) = phase, connection.state == .open else { return }
        connection.sendText(bytes)
        loop.metrics.add(.messagesOut)
        afterConnectionChange(connection)
    }

    func sendBinary(_ bytes: [UInt8]) {
        guard case .webSocket(let connection, _) = phase, connection.state == .open else { return }
        connection.sendBinary(bytes)
        loop.metrics.add(.messagesOut)
        afterConnectionChange(connection)
    }

    /// Queues an encoded-once message: the stored frame array is shared, not copied.
    func deliver(_ message: SharedMessage) {
        guard case .webSocket(let connection, _) = phase, let frame = connection.frame(for: message) else { return }
        loop.metrics.add(.messagesOut)
        queue(frame)
    }

    /// Starts the closing handshake; the peer has `closeTimeout` to answer.
    func close(code: CloseCode, reason: String) {
        guard case .webSocket(let connection, _) = phase, connection.state == .open else { return }
        closeCode = code.rawValue
        connection.close(code: code, reason: reason)
        closingSince = loop.eventLoop.now
        loop.eventLoop.setTimer(registration, deadline: loop.eventLoop.now + context.closeTimeout)
        afterConnectionChange(connection)
    }

    var isWebSocketOpen: Bool {
        if case .webSocket(let connection, _) = phase { return connection.state == .open }
        return false
    }

    /// Queued bytes over the high-water mark: fan-out may skip ephemeral events for this socket.
    var isSlow: Bool { writeQueue.queuedBytes > context.configuration.sendQueueHighWater }

    // MARK: Deadlines

    func scheduleKeepalive() {
        let now = loop.eventLoop.now
        var deadline = lastReceived + context.idleTimeout
        if context.pingInterval > 0 {
            deadline = min(deadline, pingSentAt > 0 ? pingSentAt + context.pingTimeout : lastReceived + context.pingInterval)
        }
        loop.eventLoop.setTimer(registration, deadline: max(deadline, now + 1))
    }

    func timerFired() {
        let now = loop.eventLoop.now
        switch phase {
        case .http(let exchange):
            httpTimerFired(exchange, now: now)
        case .webSocket(let connection, _):
            keepaliveTick(connection, now: now)
        case .finishing, .lingering:
            terminate()
        case .closed:
            return
        }
    }

    private func keepaliveTick(_ connection: WebSocketConnection, now: UInt64) {
        if connection.state == .closing {
            if now >= closingSince + context.closeTimeout { terminate() } else {
                loop.eventLoop.setTimer(registration, deadline: closingSince + context.closeTimeout)
            }
            return
        }
        if pingSentAt > 0, lastReceived > pingSentAt {
            pingSentAt = 0
        }
        if now >= lastReceived + context.idleTimeout {
            close(code: .goingAway, reason: "idle timeout")
            return
        }
        if context.pingInterval > 0 {
            if pingSentAt > 0, now >= pingSentAt + context.pingTimeout {
                close(code: .internalError, reason: "keepalive timeout")
                return
            }
            if pingSentAt == 0, now >= lastReceived + context.pingInterval {
                pingSentAt = now
                connection.sendPing([])
                afterConnectionChange(connection)
            }
        }
        scheduleKeepalive()
    }
}
