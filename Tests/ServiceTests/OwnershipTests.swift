import Care
@testable import Service
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
        #expect(VisitOwnership(loops: 1).owner(of: "anything") == 0)
    }

    /// Stable across processes and builds: the documented hash (FNV-1a, 64-bit, of the UTF-8
    /// bytes, modulo the loop count), not Swift's per-process seeded `Hasher`. The expected
    /// loops were computed outside Swift (a few lines of Python doing FNV-1a 64), so a change
    /// of hash, seed or byte order fails here even though every call in one process agrees.
    @Test(arguments: [
        ("visit-1", [2: 0, 3: 1, 4: 2, 7: 0]),
        ("visit-2", [2: 1, 3: 0, 4: 3, 7: 4]),
        ("v-17", [2: 0, 3: 1, 4: 0, 7: 5]),
        ("0123456789abcdef0123456789abcdef", [2: 1, 3: 0, 4: 1, 7: 3]),
        ("besök-å", [2: 0, 3: 1, 4: 0, 7: 2]),
    ])
    func visitOwnersArePinned(id: String, owners: [Int: Int]) {
        for (loops, owner) in owners {
            #expect(VisitOwnership(loops: loops).owner(of: VisitID(id)) == owner, "\(id) on \(loops) loops")
        }
    }

    @Test func keyOwnersArePinnedAndTheHashIsFNV1a64() {
        #expect(VisitOwnership(loops: 7).owner(ofKey: "queue:vc-bjorkdalen/nurse") == 6)
        #expect(VisitOwnership(loops: 3).owner(ofKey: "inbox:staff-anna") == 2)
        // Published FNV-1a 64-bit test vectors.
        #expect(VisitOwnership.fnv1a("") == 0xcbf2_9ce4_8422_2325)
        #expect(VisitOwnership.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(VisitOwnership.fnv1a("foobar") == 0x8594_4171_f739_67e8)
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
