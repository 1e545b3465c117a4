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

    /// The typed address of `application`'s instances on every loop (its `Mail` is the only
    /// type it can post). Made once, at construction.
    public func postbox<A: Application>(of application: A.Type) -> Postbox<A.Mail> {
        Postbox(handles: loop.context.handles, endpoint: endpoint, here: loop.index)
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
