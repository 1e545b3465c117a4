/// The WebSocket endpoints this server offers, chosen by the request path.
enum Route: Equatable {
    /// `/echo`: every message comes back as it was (conformance, transport tests).
    case echo
    /// `/r/ROOM`: every message goes to the room's other members (the benchmark's room-path protocol).
    case room(String)

    init?(path: String, configuration: ServerConfiguration) {
        if path == "/echo", configuration.echo {
            self = .echo
        } else if configuration.rooms, path.hasPrefix("/r/"), path.count > 3, path.count <= 131 {
            self = .room(String(path.dropFirst(3)))
        } else {
            return nil
        }
    }

    var subprotocols: [String] { [] }
    var requiresSubprotocol: Bool { false }
}
