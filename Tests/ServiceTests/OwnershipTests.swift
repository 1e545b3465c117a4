import Care
import Service
import Testing

@Suite struct OwnershipTests {
    @Test func everyoneAgreesOnTheOwnerAndVisitsSpreadOverLoops() {
        let ownership = VisitOwnership(loops: 4)
        var perLoop = [0, 0, 0, 0]
        var ids = RandomVisitIDs()
        for _ in 0..<4_000 {
            let id = ids.next()
            let owner = ownership.owner(of: id)
            #expect(owner == VisitOwnership(loops: 4).owner(of: VisitID(id.rawValue)))
            perLoop[owner] += 1
        }
        #expect(perLoop.allSatisfy { $0 > 800 })  // about 1,000 each
        // Stable across processes: FNV-1a, not Swift's per-process seeded hashing.
        #expect(VisitOwnership(loops: 7).owner(of: "visit-1") == VisitOwnership(loops: 7).owner(of: "visit-1"))
        #expect(VisitOwnership(loops: 1).owner(of: "anything") == 0)
    }

    @Test func randomVisitIDsAreLongUniqueAndHex() {
        var ids = RandomVisitIDs()
        let drawn = (0..<1_000).map { _ in ids.next().rawValue }
        #expect(Set(drawn).count == drawn.count)
        #expect(drawn.allSatisfy { $0.utf8.count == 32 && $0.allSatisfy(\.isHexDigit) })
    }

    @Test func aDeskCreatesVisitsItOwnsSoNoHopIsNeeded() throws {
        let h = try DeskHarness(loops: 4, loop: 2)
        for _ in 0..<5 {
            let visit = try h.createVisit()
            #expect(h.desk.ownership.owner(of: visit) == 2)
        }
    }
}
