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

    /// The members to deliver to, per loop, leaving out the sender.
    func recipients(_ room: String, except sender: ConnectionID) -> [(loop: Int, members: [ConnectionID])] {
        guard let groups = rooms[room] else { return [] }
        var out: [(Int, [ConnectionID])] = []
        for (loop, members) in groups.enumerated() where !members.isEmpty {
            if loop == sender.loop, members.contains(sender) {
                let others = members.filter { $0 != sender }
                if !others.isEmpty { out.append((loop, others)) }
            } else {
                out.append((loop, members))
            }
        }
        return out
    }

    var roomCount: Int { rooms.count }
}
