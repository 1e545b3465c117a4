import Care
import Testing

@Suite struct QueueTests {
    /// Visits sought by Pia at `minute` past the fake clock's start, with `priority`.
    func waiting(_ id: VisitID, priority: Priority, minute: Int64, resource: Resource = Fixtures.nurses) throws -> Visit {
        var clock = FakeClock()
        clock.advance(minutes: minute)
        return try Scenario(id: id, priority: priority, resource: resource, clock: clock).visit
    }

    @Test func ordersByPriorityThenArrivalThenID() throws {
        let visits = [
            try waiting("v-late-urgent", priority: 1, minute: 30),
            try waiting("v-early-routine", priority: 4, minute: 0),
            try waiting("v-b", priority: 2, minute: 10),
            try waiting("v-a", priority: 2, minute: 10),
            try waiting("v-early", priority: 2, minute: 5),
            try waiting("v-doctors", priority: 1, minute: 0, resource: Fixtures.doctors),
        ]
        let queue = Queue(resource: Fixtures.nurses, visits: visits)
        #expect(queue.entries.map(\.visit) == ["v-late-urgent", "v-early", "v-a", "v-b", "v-early-routine"])
        #expect(queue.position(of: "v-late-urgent") == 1)
        #expect(queue.position(of: "v-early-routine") == 5)
        #expect(queue.position(of: "v-doctors") == nil)
        #expect(Queue(resource: Fixtures.doctors, visits: visits).entries.map(\.visit) == ["v-doctors"])
    }

    @Test func onlyWaitingVisitsAreQueued() throws {
        var s = try Scenario(id: "v-taken")
        try s.run(.accept, by: .anna)
        let queue = Queue(resource: Fixtures.nurses, visits: [s.visit, try waiting("v-1", priority: 3, minute: 1)])
        #expect(queue.entries.map(\.visit) == ["v-1"])
    }

    @Test func liveUpdatesFollowTheVisitsEvents() throws {
        var queue = Queue(resource: Fixtures.nurses)
        var first = try Scenario(id: "v-1", priority: 3)
        var clock = FakeClock()
        clock.advance(minutes: 1)
        var second = try Scenario(id: "v-2", priority: 3, clock: clock)

        #expect(queue.update(with: first.visit) == [.added(QueueEntry(visit: "v-1", priority: 3, arrivedAt: first.visit.arrivedAt))])
        #expect(queue.update(with: second.visit) == [.added(QueueEntry(second.visit))])
        #expect(queue.update(with: second.visit) == [])  // no change, no update
        #expect(queue.position(of: "v-2") == 2)

        try second.run(.changePriority(to: 1), by: .bertil)
        #expect(queue.update(with: second.visit) == [.priorityChanged("v-2", from: 3, to: 1)])
        #expect(queue.position(of: "v-2") == 1)
        #expect(queue.position(of: "v-1") == 2)

        try second.run(.accept, by: .anna)
        #expect(queue.update(with: second.visit) == [.removed("v-2")])
        #expect(queue.position(of: "v-1") == 1)
        #expect(queue.update(with: second.visit) == [])

        // A visit of another queue never enters this one.
        let doctors = try Scenario(id: "v-3", resource: Fixtures.doctors)
        #expect(queue.update(with: doctors.visit) == [])

        try first.run(.accept, by: .bertil)
        #expect(queue.update(with: first.visit) == [.removed("v-1")])
        #expect(queue.count == 0)
    }

    @Test func incrementalUpdatesMatchARebuild() throws {
        var scenarios = try (0..<6).map { index in
            var clock = FakeClock()
            clock.advance(minutes: Int64(index))
            return try Scenario(id: VisitID("v-\(index)"), priority: Priority(5 - index % 3), clock: clock)
        }
        var queue = Queue(resource: Fixtures.nurses)
        for s in scenarios { _ = queue.update(with: s.visit) }
        try scenarios[4].run(.accept, by: .anna)
        try scenarios[1].run(.changePriority(to: 1), by: .bertil)
        try scenarios[2].run(.changePriority(to: 5), by: .bertil)
        for s in scenarios { _ = queue.update(with: s.visit) }
        #expect(queue == Queue(resource: Fixtures.nurses, visits: scenarios.map(\.visit)))
        #expect(queue.entries.map(\.visit) == ["v-1", "v-5", "v-0", "v-2", "v-3"])
    }

    @Test func diffBetweenTwoSnapshots() throws {
        let a = try waiting("v-a", priority: 3, minute: 0)
        var b = try Scenario(id: "v-b", priority: 3)
        let c = try waiting("v-c", priority: 2, minute: 2)
        var d = try Scenario(id: "v-d", priority: 4)
        let before = Queue(resource: Fixtures.nurses, visits: [a, b.visit, d.visit])
        try b.run(.accept, by: .anna)
        try d.run(.changePriority(to: 1), by: .anna)
        let after = Queue(resource: Fixtures.nurses, visits: [a, b.visit, c, d.visit])
        #expect(
            Queue.changes(from: before, to: after) == [
                .removed("v-b"), .priorityChanged("v-d", from: 4, to: 1), .added(QueueEntry(c)),
            ])
        #expect(Queue.changes(from: after, to: after) == [])
    }
}
