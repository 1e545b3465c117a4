import Care
import EventLoop
import Server
import Service
import Testing
import Wire
@testable import Clinic

@Suite struct SessionTests {
    @Test func subscribersCarryTheirConnectionAndView() {
        for (loop, slot, generation) in [(0, 0, 0), (1, 17, 3), (255, (1 << 23) - 2, UInt32.max)] {
            let connection = ConnectionID(loop: loop, registration: Registration(slot: UInt32(slot), generation: generation))
            for audience in Audience.allCases {
                let subscriber = Subscriber(connection, audience: audience)
                #expect(subscriber.connection == connection && subscriber.audience == audience)
                #expect(subscriber.triageRequest == nil)
            }
        }
        let triage = Subscriber(triageRequest: 42, loop: 1)
        #expect(triage.triageRequest == 42 && triage.connection.loop == 1)
    }

    @Test func theCommandBucketRefillsAtItsRate() {
        var limits = SessionLimits()
        limits.commandBurst = 3
        limits.commandsPerSecond = 2
        let session = CareSession(connection: ConnectionID(loop: 0, registration: Registration(slot: 1, generation: 1)),
                                  now: 0, limits: limits)
        #expect((0..<3).allSatisfy { _ in session.admitCommand(now: 0, limits: limits) })
        #expect(!session.admitCommand(now: 0, limits: limits))
        #expect(!session.admitCommand(now: 400_000_000, limits: limits))  // 0.8 of a command refilled
        #expect(session.admitCommand(now: 500_000_000, limits: limits))   // the first whole one
        #expect(!session.admitCommand(now: 500_000_000, limits: limits))
    }

    @Test func typingIsAdmittedOncePerIntervalPerVisit() {
        let limits = SessionLimits()
        let session = CareSession(connection: ConnectionID(loop: 0, registration: Registration(slot: 1, generation: 1)),
                                  now: 0, limits: limits)
        let at = { Instant(millisecondsSinceEpoch: $0) }
        #expect(session.admitTyping("v1", at: at(10_000), limits: limits))
        #expect(!session.admitTyping("v1", at: at(10_999), limits: limits))
        #expect(session.admitTyping("v2", at: at(10_999), limits: limits))
        #expect(session.admitTyping("v1", at: at(11_000), limits: limits))
    }

    @Test func tokensComeFromTheQueryPercentDecoded() {
        #expect(TokenQuery.token(inQuery: "token=a.b.c") == "a.b.c")
        #expect(TokenQuery.token(inQuery: "x=1&token=a%2Eb.c&y=2") == "a.b.c")
        #expect(TokenQuery.token(inQuery: "tokens=a") == nil)
        #expect(TokenQuery.token(inQuery: nil) == nil)
        #expect(TokenQuery.token(inQuery: "token=%zz") == nil)
        #expect(TokenQuery.token(inQuery: "token=%e2%82") == nil)  // not UTF-8
    }

    @Test func presenceCountsDevicesAndTheConnectionLimit() {
        let presence = Presence()
        let pia = Principal.patient(Patient(id: "pia", displayName: "Pia", personalIdentityNumber: "x"))
        #expect(presence.connect(pia, limit: 2) == .admitted(cameOnline: true))
        #expect(presence.connect(pia, limit: 2) == .admitted(cameOnline: false))
        #expect(presence.connect(pia, limit: 2) == .overLimit)
        #expect(presence.isOnline("pia"))
        #expect(!presence.disconnect(pia))
        #expect(presence.disconnect(pia))
        #expect(!presence.isOnline("pia"))
        #expect(presence.connect(pia, limit: 2) == .admitted(cameOnline: true))
    }
}
