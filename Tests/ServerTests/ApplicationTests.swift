import Logging
import Posix
import Synchronization
import Testing
@testable import Server
import WebSocket

/// A toy application: "join" registers the connection with loop 0's roster (a cross-loop post);
/// "shout X" fans X out, encoded once, to everyone on the roster; anything else is echoed
/// upper-cased with the subprotocol and query the connection was opened with.
final class ShoutApplication: Application {
    enum Mail: Sendable {
        case join(ConnectionID)
        case shout(String)
        case reply(ConnectionID, String)
    }

    let services: LoopServices
    let postbox: Postbox<Mail>
    let events: EventLog?
    private var roster: [ConnectionID] = []  // kept on loop 0 only

    init(services: LoopServices, events: EventLog?) {
        self.services = services
        self.events = events
        postbox = services.postbox(of: Self.self)
    }

    func opened(_ peer: Peer) {
        events?.append("opened \(peer.subprotocol ?? "-") \(peer.query ?? "-")")
    }

    func received(_ message: WebSocketEvent, from peer: Peer) {
        guard case .text(let bytes) = message else { return }
        let text = String(decoding: bytes, as: UTF8.self)
        if text == "join" {
            postbox.queue(.join(peer.id), toLoop: 0)
        } else if text == "from-thread" {
            // Another thread (like the store's writer) answers through the loop's inbox.
            let inbox = postbox.inbox(ofLoop: services.index)
            let id = peer.id
            Posix.Thread(name: "elsewhere") { inbox.post(.reply(id, "answered on loop \(inbox.loop)")) }.join()
        } else if text.hasPrefix("shout ") {
            postbox.queue(.shout(String(text.dropFirst(6))), toLoop: 0)
        } else {
            peer.send(text: Array("\(text.uppercased()) via \(peer.subprotocol ?? "-") \(peer.query ?? "-")".utf8))
        }
    }

    func closed(_ peer: Peer) {
        events?.append("closed")
    }

    func handle(_ mail: Mail) {
        switch mail {
        case .join(let id):
            roster.append(id)
            services.fanOut(SharedMessage(opcode: .text, payload: Array("joined \(roster.count)".utf8), deflater: nil), to: [id])
        case .reply(let id, let text):
            services.peer(id)?.send(text: Array(text.utf8))
        case .shout(let text):
            let shared = SharedMessage(opcode: .text, payload: Array(text.utf8), deflater: services.sharedDeflater)
            services.fanOut(shared, to: roster)
        }
    }
}

@Suite(.serialized) struct ApplicationTests {
    static func start(events: EventLog? = nil) throws -> Server {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.loops = 2
        configuration.webRoot = "/nonexistent"
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let endpoint = ApplicationEndpoint(path: "/shout", subprotocols: ["shout.v1"], requireSubprotocol: true) {
            ShoutApplication(services: $0, events: events)
        }
        return try Server(configuration: configuration, logger: logger, applications: [endpoint])
    }

    @Test func theRequiredSubprotocolIsNegotiatedAndTheQueryReachesTheApplication() throws {
        let server = try Self.start()
        defer { server.shutdown(); server.wait() }
        let refused = try TestClient(port: server.port)
        #expect(try refused.upgrade(path: "/shout") == 400)
        let client = try TestClient(port: server.port)
        #expect(try client.upgrade(path: "/shout?token=abc", extraHeaders: "Sec-WebSocket-Protocol: other, shout.v1\r\n") == 101)
        client.sendText("hej")
        #expect(client.nextText() == "HEJ via shout.v1 token=abc")
    }

    @Test func postsCrossLoopsAndFanOutReachesEveryRosterMemberOnce() throws {
        let server = try Self.start()
        defer { server.shutdown(); server.wait() }
        let clients = try (0..<6).map { _ in try TestClient(port: server.port) }
        for (index, client) in clients.enumerated() {
            #expect(try client.upgrade(path: "/shout", extraHeaders: "Sec-WebSocket-Protocol: shout.v1\r\n") == 101)
            client.sendText("join")
            #expect(client.nextText() == "joined \(index + 1)")
        }
        clients[2].sendText("shout vårdcentralen öppnar 08:00")
        for client in clients {
            #expect(client.nextText() == "vårdcentralen öppnar 08:00")
        }
    }

    @Test func anotherThreadReachesTheApplicationThroughItsInbox() throws {
        let server = try Self.start()
        defer { server.shutdown(); server.wait() }
        let client = try TestClient(port: server.port)
        #expect(try client.upgrade(path: "/shout", extraHeaders: "Sec-WebSocket-Protocol: shout.v1\r\n") == 101)
        client.sendText("from-thread")
        #expect(client.nextText()?.hasPrefix("answered on loop ") == true)
    }

    @Test func openedAndClosedAreCalledOncePerConnection() throws {
        let events = EventLog()
        let server = try Self.start(events: events)
        let client = try TestClient(port: server.port)
        #expect(try client.upgrade(path: "/shout", extraHeaders: "Sec-WebSocket-Protocol: shout.v1\r\n") == 101)
        client.sendClose(CloseCode.normalClosure)
        while let event = client.nextEvent() { if case .closed = event { break } }
        server.shutdown()
        server.wait()
        #expect(events.entries == ["opened shout.v1 -", "closed"])
    }
}

/// Records callbacks from loop threads for the test thread to read.
final class EventLog: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ entry: String) { storage.withLock { $0.append(entry) } }
    var entries: [String] { storage.withLock { $0 } }
}
