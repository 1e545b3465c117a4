import HTTP
import WebSocket

/// What one loop asks of a room's owner loop (`LoopMessage.room`).
enum RoomMessage: Sendable {
    /// Membership changes, sent to the loop that owns the room.
    case join(String, ConnectionID)
    case leave(String, ConnectionID)
    /// A member published; the owner fans it out to every other member.
    case publish(String, SharedMessage, from: ConnectionID)
    /// A plain connection whose upgrade names a room this loop owns: its descriptor, the parsed
    /// request head and the bytes that followed it. The receiving loop answers the handshake.
    case adoptUpgrade(Int32, HTTPRequestHead, [UInt8])
}
