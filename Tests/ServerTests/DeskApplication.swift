import HTTP
import Glibc
import Synchronization
@testable import Server
import WebSocket

/// An application with HTTP routes: `/api/echo` answers at once; `/api/later` and `/api/never`
/// keep the responder until the test posts an `Answer` to the loop's inbox (like a store commit).
final class DeskApplication: Application {
    struct Answer: Sendable { let token: Int; let text: String }

    let services: LoopServices
    let events: EventLog
    private var waiting: [Int: HTTPResponder] = [:]
    private var issued = 0

    init(services: LoopServices, events: EventLog, inboxes: Inboxes) {
        self.services = services
        self.events = events
        inboxes.record(services.postbox(of: Self.self).inbox(ofLoop: services.index))
    }

    func opened(_ peer: Peer) {}
    func received(_ message: WebSocketEvent, from peer: Peer) {}
    func closed(_ peer: Peer) {}

    func request(_ request: HTTPRequest, responder: HTTPResponder) {
        switch request.path {
        case "/api/echo":
            var reply = HTTPReply.json(201, request.body)
            reply.headers += [("X-Key", request.header("authorization") ?? "-"), ("X-Query", request.query ?? "-"),
                              ("X-Method", request.method), ("Content-Length", "999"), ("X-Bad", "a\r\nSet-Cookie: x")]
            responder.respond(reply)
            responder.respond(.text(500, "a second answer is ignored"))
        case "/api/empty":
            responder.respond(HTTPReply(status: 204, body: Array("dropped".utf8)))
        default:
            // Tokens name the loop (token / 1000) so the test posts to the right inbox.
            issued += 1
            let token = services.index * 1000 + issued
            waiting[token] = responder
            events.append("pending \(token) \(String(decoding: request.body, as: UTF8.self))")
        }
    }

    func handle(_ answer: Answer) {
        guard let responder = waiting.removeValue(forKey: answer.token) else { return }
        responder.respond(.text(200, answer.text))
        events.append("answered \(answer.token)")
    }
}

/// Every loop's inbox, so a test thread can post to the loop that holds a request.
final class Inboxes: Sendable {
    private let storage = Mutex<[Int: ApplicationInbox<DeskApplication.Answer>]>([:])
    func record(_ inbox: ApplicationInbox<DeskApplication.Answer>) { storage.withLock { $0[inbox.loop] = inbox } }
    func answer(_ token: Int, _ text: String) {
        storage.withLock { $0[token / 1000] }?.post(DeskApplication.Answer(token: token, text: text))
    }
}

extension EventLog {
    /// The first entry with this prefix, waiting (deadline 30 s) for a loop thread to append it.
    func wait(for prefix: String) throws -> String {
        try waitUntil("event \(prefix) (have \(entries))") { entries.first { $0.hasPrefix(prefix) } }
    }

    func token(pending index: Int = 0) throws -> Int {
        _ = try wait(for: "pending")
        let pending = entries.filter { $0.hasPrefix("pending") }
        return Int(pending[index].split(separator: " ")[1])!
    }
}
