import TestSupport
import Care
import Service
import SQLiteRecords
import Synchronization
import Testing
@testable import Store  // StoreWriter.Configuration.commitVeto, the store's test hook

/// A desk on a real store in a temporary directory, driven synchronously by the test: commits
/// come back through `CommitQueue` and are handed to the desk by `settle()`, as a loop would.
final class DeskHarness: DeskDriver {
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
        desk = VisitDesk(loop: loop, ownership: VisitOwnership(loops: loops),
                         writer: SQLiteRecordStore(writer: writer, path: directory.databasePath),
                         reader: try SQLiteRecordReader(path: directory.databasePath), inbox: inbox, sink: recorder,
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
    static let provider: CareProviderID = "norrsken"
    static let unit: UnitID = "vc-lovsta"
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
        id: "doctor-1", displayName: "Dag", careProvider: provider, units: ["vc-bjorkdalen"], role: .doctor))

    static func sorethroat(_ priority: Priority = 3) -> DropInRequest {
        DropInRequest(contactReason: "Halsont", text: "Ont i halsen i tre dagar, feber.", priority: priority,
                      resource: nurseQueue, careProvider: provider)
    }
}
