import Synchronization

/// What every loop knows about every room: which loop owns it, and how many members it has.
final class RoomDirectory: Sendable {
    /// Rooms up to this size gather their members on the owner loop; a larger room (the queue
    /// view every clinician of a unit watches) keeps the rest spread, so its fan-out uses every
    /// core instead of saturating one.
    static let affinityLimit = 64
    let loopCount: Int
    /// Members per room (kept by each room's owner loop, read by any loop at an upgrade). Joins and
    /// leaves are rare next to messages, so one lock is cheap.
    private let sizes = Mutex<[String: Int]>([:])

    init(loopCount: Int) {
        self.loopCount = loopCount
    }

    /// The room a `/r/ROOM` path names: 1 to 128 characters after the prefix.
    static func name(inPath path: String) -> String? {
        guard path.hasPrefix("/r/"), path.count > 3, path.count <= 131 else { return nil }
        return String(path.dropFirst(3))
    }

    func size(of room: String) -> Int {
        sizes.withLock { $0[room] ?? 0 }
    }

    func sizeChanged(_ room: String, by delta: Int) {
        sizes.withLock { sizes in
            let size = (sizes[room] ?? 0) + delta
            sizes[room] = size > 0 ? size : nil
        }
    }

    /// The loop that owns a room: FNV-1a of its name, so every loop agrees without talking.
    func owner(of room: String) -> Int {
        var hash: UInt32 = 0x811c_9dc5
        for byte in room.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return Int(hash % UInt32(loopCount))
    }
}
