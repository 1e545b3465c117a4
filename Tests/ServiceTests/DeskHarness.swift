import TestSupport
import Care
import Service
import Synchronization
import Testing
@testable import Store  // StoreWriter.Configuration.commitVeto, the store's test hook

/// A desk on a real store in a temporary directory, driven synchronously by the test: commits
/// come back through `CommitQueue` and are handed to the desk by `settle()`, as a loop would.
final class DeskHarness {
    let directory: TemporaryDirectory
    let writer: StoreWriter
    /// A second connection, for checking what is durable at a given moment.
    let checker: StoreReader
    let inbox = CommitQueue()
    let recorder = Recorder()
    let desk: VisitDesk
    let veto: Veto
    var now = Instant(millisecondsSinceEpoch: 1_700_000_000_000)

    final class Veto: Sendable {
        let failCommits = Atomic(false)
    }

    init(directory: TemporaryDirectory = TemporaryDirectory(), loops: Int = 1, loop: Int = 0, queueLimit: Int = 10_000,
         tailLimit: Int = 256) throws {
        self.directory = directory
        var configuration = StoreWriter.Configuration(path: directory.databasePath)
        configuration.queueLimit = queueLimit
        let veto = Veto()
        configuration.commitVeto = { veto.failCommits.load(ordering: .relaxed) }
        self.veto = veto
        writer = try StoreWriter(configuration: configuration)
        checker = try StoreReader(path: directory.databasePath)
        desk = VisitDesk(loop: loop, ownership: VisitOwnership(loops: loops), writer: writer,
                         reader: try StoreReader(path: directory.databasePath), inbox: inbox, sink: recorder,
                         ids: CountingVisitIDs(), tailLimit: tailLimit)
    }

    deinit { writer.stop() }

    /// Hands commits to the desk until none of its writes is in flight.
    func settle(sourceLocation: SourceLocation = #_sourceLocation) {
        while desk.writesInFlight > 0 {
            guard let commit = inbox.take() else {
                Issue.record("no commit came back within the deadline", sourceLocation: sourceLocation)
                return
            }
            desk.committed(commit, now: now)
        }
    }

    /// Submits a command, settles, and returns what the desk emitted.
    func run(_ command: VisitCommand, _ visit: VisitID, by principal: Principal, commandID: String? = nil,
             replyTo: Subscriber? = nil) -> [Outcome] {
        desk.submit(command, visit: visit, by: principal, commandID: commandID, replyTo: replyTo, now: now)
        settle()
        return recorder.take()
    }

    /// A new drop-in visit by Anna in the nurses' queue, committed.
    func createVisit(by patient: Principal = People.anna, priority: Priority = 3) throws -> VisitID {
        desk.createDropIn(People.sorethroat(priority), by: patient, commandID: "create", replyTo: People.annaPhone,
                          now: now)
        settle()
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

    /// Blocks the writer thread inside a completion until the returned semaphore is signalled,
    /// so the next submits gather into one batch.
    func holdWriter() -> Semaphore {
        let entered = Semaphore(), release = Semaphore()
        writer.submit(.audit([AuditRecord(atMilliseconds: 0, actor: "test", actorKind: "system", action: "hold")])) { _ in
            entered.signal()
            _ = release.wait()
        }
        #expect(entered.wait())
        return release
    }

    func advance(minutes: Int64) { now = now.adding(milliseconds: minutes * 60_000) }
}

/// Predictable visit ids for tests ("visit-1", "visit-2", …).
struct CountingVisitIDs: VisitIDSource {
    private var count = 0
    mutating func next() -> VisitID {
        count += 1
        return VisitID("visit-\(count)")
    }
}

/// The people of the tests: two patients, nurses of one unit, a doctor of another unit.
enum People {
    static let provider: CareProviderID = "region-gavleborg"
    static let unit: UnitID = "vc-sandviken"
    static let nurseQueue = Resource(careProvider: provider, unit: unit, role: .nurse)
    static let anna = Principal.patient(Patient(id: "anna", displayName: "Anna", personalIdentityNumber: "19900101-1234"))
    static let bo = Principal.patient(Patient(id: "bo", displayName: "Bo", personalIdentityNumber: "19800202-5678"))
    static let annaPhone = Subscriber(1)
    static let boPhone = Subscriber(2)

    static func nurse(_ number: Int) -> Principal {
        .staff(StaffMember(id: StaffID("nurse-\(number)"), displayName: "Nina \(number)", careProvider: provider,
                           units: [unit], role: .nurse))
    }

    /// Nurse n's connection.
    static func nurseDesk(_ number: Int) -> Subscriber { Subscriber(UInt64(100 + number)) }

    static let doctorElsewhere = Principal.staff(StaffMember(
        id: "doctor-1", displayName: "Dag", careProvider: provider, units: ["vc-gavle"], role: .doctor))

    static func sorethroat(_ priority: Priority = 3) -> DropInRequest {
        DropInRequest(contactReason: "Halsont", text: "Ont i halsen i tre dagar, feber.", priority: priority,
                      resource: nurseQueue, careProvider: provider)
    }
}
