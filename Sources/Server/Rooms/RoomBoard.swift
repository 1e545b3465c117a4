/// The members of the rooms one loop owns, grouped by the loop each member lives on, so a
/// publish becomes one delivery per loop (not one per member).
struct RoomBoard {
    private var rooms: [String: [[ConnectionID]]] = [:]
    let loopCount: Int

    init(loopCount: Int) {
        self.loopCount = loopCount
    }

    mutating func join(_ room: String, _ member: ConnectionID) {
        rooms[room, default: Array(repeating: [], count: loopCount)][member.loop].append(member)
    }

    mutating func leave(_ room: String, _ member: ConnectionID) {
        guard var groups = rooms[room] else { return }
        if let index = groups[member.loop].firstIndex(of: member) {
            groups[member.loop].swapAt(index, groups[member.loop].count - 1)
            groups[member.loop].removeLast()
        }
        rooms[room] = groups.allSatisfy(\.isEmpty) ? nil : groups
    }

    /// Calls `body` once per loop that has members of `room`, with that loop's members as
    /// stored (shared, not copied: the publish path allocates no arrays; the receiver skips the
    /// sender itself).
    func forEachLoop(of room: String, _ body: (_ loop: Int, _ members: [ConnectionID]) -> Void) {
        guard let groups = rooms[room] else { return }
        for loop in groups.indices where !groups[loop].isEmpty {
            body(loop, groups[loop])
        }
    }

    var roomCount: Int { rooms.count }
}
