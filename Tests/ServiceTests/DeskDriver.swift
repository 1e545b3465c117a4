import Care
import Service
import Testing

/// What every desk harness has (a desk, the inbox its commits come back through, what it
/// emitted, the time), and the steps the desk's tests share on top of it.
protocol DeskDriver: AnyObject {
    var desk: VisitDesk { get }
    var inbox: CommitQueue { get }
    var recorder: Recorder { get }
    var now: Instant { get set }
    /// Hands commits to the desk until none of its writes is in flight.
    func settle(sourceLocation: SourceLocation)
}

extension DeskDriver {
    /// Submits a command, settles, and returns what the desk emitted.
    func run(_ command: VisitCommand, _ visit: VisitID, by principal: Principal, commandID: String? = nil,
             replyTo: Subscriber? = nil) -> [Outcome] {
        desk.submit(command, visit: visit, by: principal, commandID: commandID, replyTo: replyTo, now: now)
        settle(sourceLocation: #_sourceLocation)
        return recorder.take()
    }

    /// A new drop-in visit by Anna in the nurses' queue, committed.
    func createVisit(by patient: Principal = People.anna, priority: Priority = 3) throws -> VisitID {
        desk.createDropIn(People.sorethroat(priority), by: patient, commandID: "create", replyTo: People.annaPhone,
                          now: now)
        settle(sourceLocation: #_sourceLocation)
        let visit = try #require(recorder.take().acks.first?.visit)
        return visit
    }

    /// A visit accepted and started by nurse 1: seqs 1 created, 2 accepted, 3 started, 4 welcome.
    func startedVisit() throws -> VisitID {
        let visit = try createVisit()
        _ = run(.accept, visit, by: People.nurse(1))
        _ = run(.start, visit, by: People.nurse(1))
        return visit
    }

    /// A started visit that nurse 1 has open on `People.nurseDesk(1)`, what that emitted taken.
    func startedVisitOpenedByNurse() throws -> VisitID {
        let visit = try startedVisit()
        desk.open(visit, by: People.nurse(1), subscriber: People.nurseDesk(1), after: nil, commandID: "o", now: now)
        settle(sourceLocation: #_sourceLocation)
        _ = recorder.take()
        return visit
    }

    func advance(minutes: Int64) { now = now.adding(milliseconds: minutes * 60_000) }
}
