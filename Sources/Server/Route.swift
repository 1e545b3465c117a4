/// The WebSocket endpoints this server offers, chosen by the request path.
enum Route {
    /// `/echo`: every message comes back as it was (conformance, transport tests).
    case echo
    /// `/r/ROOM`: every message goes to the room's other members (the benchmark's room-path protocol).
    case room(String)
    /// An application endpoint, by its index in the server's list.
    case application(Int)

    init?(path: String, configuration: ServerConfiguration, applications: [ApplicationEndpoint]) {
        if let index = applications.firstIndex(where: { $0.path == path }) {
            self = .application(index)
        } else if path == "/echo", configuration.echo {
            self = .echo
        } else if configuration.rooms, let name = RoomDirectory.name(inPath: path) {
            self = .room(name)
        } else {
            return nil
        }
    }
}
