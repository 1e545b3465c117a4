/// Who is in which room, who publishes, and which thread owns each connection. Pure and global,
/// so every thread knows every room's size and loss is counted against the same plan.
public struct RoomLayout: Sendable, Equatable {
    public let connections: Int
    public let roomSize: Int
    public let threads: Int
    /// Publishers per room (the first members of each room).
    public let publishersPerRoom: Int

    public init(connections: Int, roomSize: Int, threads: Int, publishersPerRoom: Int) {
        precondition(connections > 0 && roomSize > 0 && threads > 0)
        self.connections = connections
        self.roomSize = roomSize
        self.threads = threads
        self.publishersPerRoom = min(publishersPerRoom, roomSize)
    }

    public var roomCount: Int { (connections + roomSize - 1) / roomSize }

    public func room(of member: Int) -> Int { member / roomSize }

    /// The last room may be smaller when `connections` is not a multiple of `roomSize`.
    public func memberCount(ofRoom room: Int) -> Int { min(roomSize, connections - room * roomSize) }

    public func isPublisher(_ member: Int) -> Bool { member % roomSize < publishersPerRoom }

    /// Index among all publishers (0..<publisherCount), or nil.
    public func publisherIndex(of member: Int) -> Int? {
        guard isPublisher(member) else { return nil }
        let room = room(of: member)
        return room * publishersPerRoom + member % roomSize
    }

    public var publisherCount: Int {
        (0..<roomCount).reduce(0) { $0 + min(publishersPerRoom, memberCount(ofRoom: $1)) }
    }

    /// Round-robin, so a large room (broadcast) is spread over every thread.
    public func thread(of member: Int) -> Int { member % threads }

    public func members(ofThread thread: Int) -> [Int] { Array(stride(from: thread, to: connections, by: threads)) }

    /// Deliveries one message of a publisher in `room` should produce: everyone else there.
    public func recipients(perMessageIn room: Int) -> Int { memberCount(ofRoom: room) - 1 }
}
