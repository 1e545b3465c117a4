import Compression
import Logging
import WebSocket

/// What the server offers an application on one loop: its identity, the clock, cross-loop
/// posts and fan-out. Confined to the loop's thread.
public final class LoopServices {
    unowned let loop: ServerLoop
    /// Which application endpoint these services belong to (its index in the server's list).
    let endpoint: Int

    init(loop: ServerLoop, endpoint: Int) {
        self.loop = loop
        self.endpoint = endpoint
    }

    public var index: Int { loop.index }
    public var loopCount: Int { loop.context.handles.count }
    /// Monotonic nanoseconds of the current loop iteration.
    public var now: UInt64 { loop.eventLoop.now }
    public var logger: Logger { loop.logger }
    /// The loop's no-context-takeover deflater, for `SharedMessage(opcode:payload:deflater:)`.
    public var sharedDeflater: Deflater? { loop.sharedDeflater }

    /// Hands a value to the application instance on another loop (or this one, synchronously).
    public func post(_ message: any Sendable, toLoop index: Int) {
        if index == loop.index {
            loop.applications[endpoint].handle(message)
        } else {
            loop.context.handles[index].post(.application(endpoint, message))
        }
    }

    /// A Sendable address of this application on this loop, for other threads (the store's
    /// writer posts commit results through it).
    public var inbox: ApplicationInbox {
        ApplicationInbox(handle: loop.handle, endpoint: endpoint)
    }

    /// A connection of this loop, if it is still open.
    public func peer(_ id: ConnectionID) -> Peer? {
        guard id.loop == loop.index, let socket = loop.socket(id), socket.isWebSocketOpen else { return nil }
        return Peer(socket: socket)
    }

    /// Writes one encoded message to many connections on any loops: this loop's directly, and
    /// one mailbox post per other loop that has recipients.
    public func fanOut(_ message: SharedMessage, to recipients: [ConnectionID]) {
        var byLoop = Array(repeating: [ConnectionID](), count: loopCount)
        for id in recipients where id.loop < loopCount { byLoop[id.loop].append(id) }
        loop.fanOut(message, to: byLoop.enumerated().compactMap { $1.isEmpty ? nil : (loop: $0, members: $1) })
    }
}

@available(*, unavailable)
extension LoopServices: Sendable {}
