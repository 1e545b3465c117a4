// Room-path peer: GET /r/ROOM upgrades to WebSocket; every text message a member sends
// goes to the room's other members (never echoed). Usage: hummingbird-room PORT
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import Synchronization

/// Members of each room, keyed by a per-connection number so a sender can skip itself.
final class Rooms: Sendable {
    private let members = Mutex<[Substring: [Int: WebSocketOutboundWriter]]>([:])
    private let nextID = Atomic<Int>(0)

    func join(_ room: Substring, _ writer: WebSocketOutboundWriter) -> Int {
        let id = nextID.add(1, ordering: .relaxed).newValue
        members.withLock { $0[room, default: [:]][id] = writer }
        return id
    }

    func leave(_ room: Substring, _ id: Int) {
        members.withLock { rooms in
            rooms[room]?[id] = nil
            if rooms[room]?.isEmpty == true { rooms[room] = nil }
        }
    }

    func others(_ room: Substring, _ id: Int) -> [WebSocketOutboundWriter] {
        members.withLock { rooms in
            (rooms[room] ?? [:]).compactMap { $0.key == id ? nil : $0.value }
        }
    }
}

let port = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 8080 : 8080
let rooms = Rooms()
var logger = Logger(label: "hummingbird-room")
logger.logLevel = .warning

let app = Application(
    router: Router(),
    server: .http1WebSocketUpgrade { request, _, _ in
        guard let path = request.path, path.hasPrefix("/r/"), path.count > 3 else { return .dontUpgrade }
        let room = Substring(path.dropFirst(3))
        return .upgrade([:]) { inbound, outbound, _ in
            let id = rooms.join(room, outbound)
            defer { rooms.leave(room, id) }
            for try await message in inbound.messages(maxSize: 1 << 20) {
                guard case .text(let text) = message else { continue }
                for member in rooms.others(room, id) {
                    try? await member.write(.text(text))
                }
            }
        }
    },
    configuration: .init(address: .hostname("127.0.0.1", port: port)),
    onServerRunning: { channel in
        // Unbuffered: scripts wait for this line on a pipe.
        let line = "Hummingbird room server listening on http://127.0.0.1:\(channel.localAddress?.port ?? port)/\n"
        FileHandle.standardOutput.write(Data(line.utf8))
    },
    logger: logger
)
try await app.runService()
