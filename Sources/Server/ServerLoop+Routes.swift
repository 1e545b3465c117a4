import WebSocket

/// What each WebSocket endpoint does with its connections.
extension ServerLoop {
    func routeOpened(_ socket: ClientSocket, _ route: Route) {
        switch route {
        case .echo: break
        case .room(let name): roomOpened(socket, name)
        case .application(let index): applications[index].opened(Peer(socket: socket))
        }
    }

    func routeReceived(_ socket: ClientSocket, _ route: Route, _ event: WebSocketEvent) {
        switch (route, event) {
        case (.echo, .text(let bytes)): socket.sendText(bytes)
        case (.echo, .binary(let bytes)): socket.sendBinary(bytes)
        case (.room(let name), _): roomReceived(socket, name, event)
        case (.application(let index), _): applications[index].received(event, from: Peer(socket: socket))
        default: break
        }
    }

    func routeClosed(_ socket: ClientSocket, _ route: Route) {
        switch route {
        case .echo: break
        case .room(let name): roomClosed(socket, name)
        case .application(let index): applications[index].closed(Peer(socket: socket))
        }
    }
}
