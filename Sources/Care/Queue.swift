/// The queue of one resource (Väntar i kö): its waiting visits, in working order. A projection
/// of the visits' logs: build it from visits, keep it current with `update(with:)` after each
/// event, or compare two snapshots with `changes(from:to:)`.
public struct Queue: Hashable, Sendable, Codable {
    public let resource: Resource
    /// Sorted by `QueueEntry`'s order.
    public private(set) var entries: [QueueEntry]

    public init(resource: Resource) {
        self.resource = resource
        entries = []
    }

    public init(resource: Resource, visits: some Sequence<Visit>) {
        self.resource = resource
        entries = visits.filter { Queue.holds($0, resource) }.map(QueueEntry.init).sorted()
    }

    private static func holds(_ visit: Visit, _ resource: Resource) -> Bool {
        visit.isWaiting && visit.resource == resource
    }

    public var count: Int { entries.count }

    /// 1-based place in the queue (what the patient sees), or nil if not waiting here.
    public func position(of visit: VisitID) -> Int? {
        entries.firstIndex { $0.visit == visit }.map { $0 + 1 }
    }

    /// Takes in a visit's current state (after applying its events) and says what changed.
    public mutating func update(with visit: Visit) -> [QueueChange] {
        let index = entries.firstIndex { $0.visit == visit.id }
        let belongs = Queue.holds(visit, resource)
        switch (index, belongs) {
        case (nil, false):
            return []
        case (let index?, false):
            entries.remove(at: index)
            return [.removed(visit.id)]
        case (nil, true):
            insert(QueueEntry(visit))
            return [.added(QueueEntry(visit))]
        case (let index?, true):
            let old = entries[index]
            let new = QueueEntry(visit)
            guard old != new else { return [] }
            entries.remove(at: index)
            insert(new)
            return old.priority == new.priority ? [] : [.priorityChanged(visit.id, from: old.priority, to: new.priority)]
        }
    }

    private mutating func insert(_ entry: QueueEntry) {
        entries.insert(entry, at: entries.firstIndex { entry < $0 } ?? entries.endIndex)
    }

    /// Everything that turns `old` into `new`: removals, then priority changes, then additions,
    /// each in `new`'s (or for removals `old`'s) queue order, so the result is deterministic.
    public static func changes(from old: Queue, to new: Queue) -> [QueueChange] {
        let before = Dictionary(uniqueKeysWithValues: old.entries.map { ($0.visit, $0) })
        let after = Dictionary(uniqueKeysWithValues: new.entries.map { ($0.visit, $0) })
        var changes: [QueueChange] = old.entries.filter { after[$0.visit] == nil }.map { .removed($0.visit) }
        for entry in new.entries {
            if let previous = before[entry.visit], previous.priority != entry.priority {
                changes.append(.priorityChanged(entry.visit, from: previous.priority, to: entry.priority))
            }
        }
        changes += new.entries.filter { before[$0.visit] == nil }.map { .added($0) }
        return changes
    }
}
