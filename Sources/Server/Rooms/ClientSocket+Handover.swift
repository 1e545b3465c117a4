import HTTP
import WebSocket

/// Room affinity: every member of a room lives on the loop that owns the room, so a publish is
/// written to all of them right there, without a mailbox post and a second thread's wake-up per
/// loop (docs/profiling.md: members split over two loops cost ~40% more CPU per delivery).
extension ClientSocket {
    /// Moves a plain connection whose upgrade names a room owned by another loop to that loop,
    /// before the handshake is answered: the descriptor, the parsed head and any bytes after it
    /// (the kernel keeps whatever arrives meanwhile; the new loop's epoll sees it). TLS sessions
    /// and connections with output still queued stay where they are, and so do the members of a
    /// room beyond `RoomDirectory.affinityLimit` (a big room's fan-out is spread over loops).
    func handOver(_ head: HTTPRequestHead, leftover: UnsafeRawBufferPointer, toOwnerOf room: String) -> Bool {
        let owner = context.rooms.owner(of: room)
        guard owner != loop.index, tls == nil, writeQueue.isEmpty,
            context.rooms.size(of: room) < RoomDirectory.affinityLimit
        else { return false }
        loop.eventLoop.deregister(registration)
        phase = .closed
        loop.socketHandedOver(self)
        context.handles[owner].post(.room(.adoptUpgrade(fd, head, Array(leftover))))
        return true
    }
}
