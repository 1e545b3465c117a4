extension WebSocketConnection {
    /// Which bytes to write to this peer for a shared message, or nil if the connection may not
    /// send data now (closing or closed). Server role only. Returns one of the message's stored
    /// arrays, so the bytes are shared, not copied.
    ///
    /// The deflated frame is used only when this peer agreed to `server_no_context_takeover`: its
    /// inflater then starts every message from an empty window, exactly like the fresh context
    /// the frame was compressed with. And its window must cover the frame's back-references:
    /// window 15, or a payload no longer than the peer's window (no reference can reach further
    /// back than the payload's own start). Otherwise the plain frame.
    ///
    /// Interleaving shared frames with this connection's own compressed frames is safe: a plain
    /// frame (RSV1 = 0) goes past both the peer's inflater and our deflater, so their windows stay
    /// in step; a shared deflated frame is only used without context takeover, where both windows
    /// are emptied after every message anyway.
    public func frame(for message: SharedMessage) -> [UInt8]? {
        precondition(role == .server, "shared frames are unmasked server frames")
        guard state == .open else { return nil }
        if let deflated = message.deflatedFrame, let deflate, deflate.serverNoContextTakeover,
           deflate.serverMaxWindowBits == 15 || message.payloadCount <= 1 << deflate.serverMaxWindowBits {
            return deflated
        }
        return message.plainFrame
    }
}
