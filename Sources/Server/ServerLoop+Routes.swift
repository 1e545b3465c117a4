import WebSocket

/// What each WebSocket endpoint does with its connections.
extension ServerLoop {
    func routeOpened(_ socket: ClientSocket, _ route: Route) {
        switch route {
        case .echo: break
        case .room(let name): post(toOwnerOf: name, .roomJoin(name, socket.id))
        case .application(let index): applications[index].opened(Peer(socket: socket))
        }
    }

    func routeReceived(_ socket: ClientSocket, _ route: Route, _ event: WebSocketEvent) {
        switch (route, event) {
        case (.echo, .text(let bytes)): socket.sendText(bytes)
        case (.echo, .binary(let bytes)): socket.sendBinary(bytes)
        case (.room(let name), .text(let bytes)):
            // Encoded (and compressed) once here; the owner only routes it.
            let shared = SharedMessage(opcode: .text, payload: bytes, deflater: sharedDeflater)
            post(toOwnerOf: name, .roomPublish(name, shared, from: socket.id))
        case (.room(let name), .binary(let bytes)):
            let shared = SharedMessage(opcode: .binary, payload: bytes, deflater: sharedDeflater)
            post(toOwnerOf: name, .roomPublish(name, shared, from: socket.id))
        case (.application(let index), _): applications[index].received(event, from: Peer(socket: socket))
        default: break
        }
    }

    func routeClosed(_ socket: ClientSocket, _ route: Route) {
        switch route {
        case .echo: break
        case .room(let name): post(toOwnerOf: name, .roomLeave(name, socket.id))
        case .application(let index): applications[index].closed(Peer(socket: socket))
        }
    }

    /// Handles the message here when this loop owns the room (no mailbox round trip).
    private func post(toOwnerOf room: String, _ message: LoopMessage) {
        let owner = context.owner(ofRoom: room)
        if owner == index { handle(message) } else { context.handles[owner].post(message) }
    }
}
