import WebSocket

/// `/r/ROOM` broadcast (`--rooms`, the benchmark's room path): every message goes to the room's
/// other members. Each room's owner loop (`RoomDirectory.owner(of:)`) keeps its members in
/// `rooms` and fans its messages out, so joins, leaves and publishes of one room are ordered.
extension ServerLoop {
    func roomOpened(_ socket: ClientSocket, _ room: String) {
        post(toOwnerOf: room, .join(room, socket.id))
    }

    func roomReceived(_ socket: ClientSocket, _ room: String, _ event: WebSocketEvent) {
        // Encoded (and compressed) once here; the owner only routes it.
        let shared: SharedMessage
        switch event {
        case .text(let bytes): shared = SharedMessage(opcode: .text, payload: bytes, deflater: sharedDeflater)
        case .binary(let bytes): shared = SharedMessage(opcode: .binary, payload: bytes, deflater: sharedDeflater)
        default: return
        }
        post(toOwnerOf: room, .publish(room, shared, from: socket.id))
    }

    func roomClosed(_ socket: ClientSocket, _ room: String) {
        post(toOwnerOf: room, .leave(room, socket.id))
    }

    /// A room message, on the loop that owns the room.
    func handleRoom(_ message: RoomMessage) {
        switch message {
        case .join(let room, let member):
            rooms.join(room, member)
            context.rooms.sizeChanged(room, by: 1)
        case .leave(let room, let member):
            rooms.leave(room, member)
            context.rooms.sizeChanged(room, by: -1)
        case .publish(let room, let shared, let sender):
            rooms.forEachLoop(of: room) { loop, members in
                send(.deliver(shared, members, except: sender), toLoop: loop)
            }
        case .adoptUpgrade(let fd, let head, let leftover):
            guard let socket = adoptHandedOver(fd) else { return }
            leftover.withUnsafeBytes { socket.upgrade(head, leftover: $0) }
        }
    }

    /// Handles the message here when this loop owns the room (no mailbox round trip).
    private func post(toOwnerOf room: String, _ message: RoomMessage) {
        send(.room(message), toLoop: context.rooms.owner(of: room))
    }

    private func send(_ message: LoopMessage, toLoop loop: Int) {
        if loop == index { handle(message) } else { context.handles[loop].post(message) }
    }
}
