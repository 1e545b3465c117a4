import EventLoop
import Server
import Service
import Wire

/// A desk subscriber is a connection plus the view it gets, packed into 64 bits: the loop (8
/// bits), the audience (1), the registry slot (23) and its generation (32). Any loop can then
/// route an outcome, and pick the patient or staff encoding, without asking the connection's loop.
extension Subscriber {
    static let maxLoops = 256
    static let maxSlot: UInt32 = 1 << 23 - 1

    init(_ connection: ConnectionID, audience: Audience) {
        precondition(connection.loop < Self.maxLoops && connection.registration.slot < Self.maxSlot)
        let high = UInt64(connection.loop) << 56 | (audience == .staff ? 1 << 55 : 0)
            | UInt64(connection.registration.slot) << 32
        self.init(high | UInt64(connection.registration.generation))
    }

    var connection: ConnectionID {
        ConnectionID(loop: Int(rawValue >> 56),
                     registration: Registration(slot: UInt32(truncatingIfNeeded: rawValue >> 32) & Self.maxSlot,
                                                generation: UInt32(truncatingIfNeeded: rawValue)))
    }

    var audience: Audience { rawValue & (1 << 55) != 0 ? .staff : .patient }

    /// An HTTP request of the triage service, held on `loop`: a slot no connection ever has.
    init(triageRequest number: UInt64, loop: Int) {
        self.init(UInt64(loop) << 56 | 1 << 55 | UInt64(Self.maxSlot) << 32 | (number & 0xFFFF_FFFF))
    }

    var triageRequest: UInt64? {
        rawValue >> 32 & UInt64(Self.maxSlot) == UInt64(Self.maxSlot) ? rawValue & 0xFFFF_FFFF : nil
    }
}
