import Care
import EventLoop
@testable import Server
import Service
import Testing
import Wire
@testable import Clinic

/// The router sends each kind of mail to the loop that owns its state, handles it inside the
/// call when that is this loop, and otherwise queues it on the owner's mailbox (never both).
@Suite struct CareRouterTests {
    final class Harness {
        let handles: [LoopHandle]
        let router: CareRouter
        var handled: [CareMail] = []

        init(loops: Int, here: Int) throws {
            handles = try (0..<loops).map { try LoopHandle(index: $0) }
            router = CareRouter(postbox: Postbox(handles: handles, endpoint: 0, here: here),
                                ownership: VisitOwnership(loops: loops))
            router.handleHere = { [unowned self] in handled.append($0) }
        }

        /// What loop `index`'s mailbox holds for the care application.
        func queued(onLoop index: Int) -> [CareMail] {
            handles[index].mailbox.drain().compactMap {
                if case .application(0, let mail) = $0 { mail as? CareMail } else { nil }
            }
        }
    }

    static func visit(ownedBy loop: Int, of ownership: VisitOwnership) -> VisitID {
        (0...).lazy.map { VisitID("v-\($0)") }.first { ownership.owner(of: $0) == loop }!
    }

    static let nurse = Principal.staff(StaffMember(id: "nina", displayName: "Nina", careProvider: "norrsken", units: ["vc-syd"], role: .nurse))

    @Test func aCommandForAVisitOwnedHereIsHandledInsideTheCall() throws {
        let h = try Harness(loops: 3, here: 1)
        let visit = Self.visit(ownedBy: 1, of: h.router.ownership)
        let command = ForwardedCommand(action: .accept(visit), id: CommandID("c-1"), principal: Self.nurse, subscriber: Subscriber(7))
        #expect(h.router.send(.command(command), toOwnerOf: visit) == .handledHere)
        #expect(h.handled.count == 1)
        guard case .visit(.command(let got))? = h.handled.first else { Issue.record("not a visit command"); return }
        #expect(got.id == CommandID("c-1"))
        #expect((0..<3).allSatisfy { h.queued(onLoop: $0).isEmpty })
    }

    @Test func aCommandForAVisitOwnedElsewhereIsQueuedOnTheOwner() throws {
        let h = try Harness(loops: 3, here: 1)
        let visit = Self.visit(ownedBy: 2, of: h.router.ownership)
        let command = ForwardedCommand(action: .accept(visit), id: CommandID("c-2"), principal: Self.nurse, subscriber: Subscriber(7))
        #expect(h.router.send(.command(command), toOwnerOf: visit) == .queued(toLoop: 2))
        #expect(h.handled.isEmpty)
        #expect(h.queued(onLoop: 0).isEmpty && h.queued(onLoop: 1).isEmpty)
        guard case .visit(.command(let got))? = h.queued(onLoop: 2).first else { Issue.record("not queued on 2"); return }
        #expect(got.id == CommandID("c-2"))
    }

    @Test func boardsAndInboxesGoToTheLoopTheirKeyHashesTo() throws {
        for here in 0..<4 {
            let h = try Harness(loops: 4, here: here)
            let resource = Resource(careProvider: "norrsken", unit: "vc-syd", role: .nurse)
            let owner = h.router.boardOwner(resource)
            #expect(owner == h.router.ownership.owner(ofKey: "queue:\(resource)"))
            let delivery = h.router.send(.unsubscribe(resource, Subscriber(1), nil), toBoardOf: resource)
            #expect(delivery == (owner == here ? .handledHere : .queued(toLoop: owner)))
            #expect(h.handled.count == (owner == here ? 1 : 0))
            #expect(h.queued(onLoop: owner).count == (owner == here ? 0 : 1))
        }
    }

    @Test func loopWideMailReachesEveryLoopOnceAndThisLoopInsideTheCall() throws {
        let h = try Harness(loops: 3, here: 0)
        h.router.sendToEveryLoop(.presence("anna", online: true))
        #expect(h.handled.count == 1)
        #expect(h.queued(onLoop: 0).isEmpty && h.queued(onLoop: 1).count == 1 && h.queued(onLoop: 2).count == 1)
    }

    @Test func storeResultsAreAlwaysQueuedOnThisLoop() throws {
        let h = try Harness(loops: 2, here: 1)
        h.router.commitInbox.post(Commit(ticket: 5, result: .success(.audited(ids: [1]))))
        #expect(h.handled.isEmpty)  // the writer's thread never runs the loop's code
        guard case .visit(.commit(let commit))? = h.queued(onLoop: 1).first else { Issue.record("not queued"); return }
        #expect(commit.ticket == 5)
    }

    @Test func queuePlacesGoOneMailPerOwnerLoop() throws {
        let h = try Harness(loops: 3, here: 0)
        let own = Self.visit(ownedBy: 0, of: h.router.ownership), far = Self.visit(ownedBy: 2, of: h.router.ownership)
        let farToo = (0...).lazy.map { VisitID("w-\($0)") }.first { h.router.ownership.owner(of: $0) == 2 }!
        h.router.sendPositions([own: 1, far: 2, farToo: nil])
        guard case .visit(.positions(let here))? = h.handled.first, h.handled.count == 1 else { Issue.record("not handled here"); return }
        #expect(here == [own: 1])
        let queued = h.queued(onLoop: 2)
        guard case .visit(.positions(let there))? = queued.first, queued.count == 1 else { Issue.record("not one mail for loop 2"); return }
        #expect(there == [far: 2, farToo: nil])
        #expect(h.queued(onLoop: 1).isEmpty)
    }
}
