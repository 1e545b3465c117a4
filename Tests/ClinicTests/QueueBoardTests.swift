import Care
import Testing
import Wire
@testable import Clinic

@Suite struct QueueBoardTests {
    static let nurses = Resource(careProvider: "clinic24", unit: "vc-gavle", role: .nurse)

    static func entry(_ id: String, priority: Int, at: Int64, patient: String = "p") -> QueueBoard.Entry {
        let created = VisitFactory.dropIn(
            id: VisitID(id), by: .patient(Patient(id: PatientID(patient), displayName: patient, personalIdentityNumber: "x")),
            contactReason: "Halsont", text: "", priority: Priority(priority), resource: nurses, careProvider: "clinic24",
            at: Instant(millisecondsSinceEpoch: at))
        return QueueBoard.Entry(try! Visit(created.get()), patientName: patient == "p" ? nil : "Name of \(patient)")
    }

    @Test func ordersByPriorityThenArrivalAndReportsWhoMoved() {
        let board = QueueBoard(resource: Self.nurses)
        let offline: (PatientID) -> Bool = { _ in false }
        var (event, moved) = board.apply(.upsert(Self.entry("a", priority: 3, at: 1)), online: offline)
        #expect(event?.type == .queueAdded && moved == ["a": 1])
        (event, moved) = board.apply(.upsert(Self.entry("b", priority: 3, at: 2)), online: offline)
        #expect(moved == ["b": 2])
        // A more urgent arrival goes first and pushes the others down.
        (event, moved) = board.apply(.upsert(Self.entry("c", priority: 1, at: 3)), online: offline)
        guard case .queueAdded(_, let item)? = event else { Issue.record("expected queue.added"); return }
        #expect(item.position == 1 && moved == ["c": 1, "a": 2, "b": 3])
        // Triage lowers c: it moves behind a and b (same priority, later arrival).
        (event, moved) = board.apply(.upsert(Self.entry("c", priority: 3, at: 3)), online: offline)
        guard case .queueUpdated(_, let updated)? = event else { Issue.record("expected queue.updated"); return }
        #expect(updated.position == 3 && moved == ["a": 1, "b": 2, "c": 3])
        // The same state again changes nothing anyone sees.
        (event, moved) = board.apply(.upsert(Self.entry("c", priority: 3, at: 3)), online: offline)
        #expect(event == nil && moved.isEmpty)
        (event, moved) = board.apply(.removed("a"), online: offline)
        let expected: [VisitID: Int?] = ["a": nil, "b": 1, "c": 2]
        #expect(event == .queueRemoved(Self.nurses, "a") && moved == expected)
        #expect(board.apply(.removed("a"), online: offline).event == nil)
        guard case .queue(_, let entries, let id) = board.snapshot(id: "q-1", online: { $0 == "p" }) else { return }
        #expect(entries.map(\.visit) == ["b", "c"] && entries.map(\.position) == [1, 2] && id == "q-1")
        #expect(entries.allSatisfy { $0.patientOnline && $0.patientName == nil })
    }

    @Test func knowsItsPatientsAndWhenItCanBeDropped() {
        let board = QueueBoard(resource: Self.nurses)
        #expect(board.isEmpty)
        _ = board.apply(.upsert(Self.entry("a", priority: 2, at: 1, patient: "pia")), online: { _ in true })
        #expect(board.contains(patient: "pia") && !board.contains(patient: "olle") && !board.isEmpty)
        guard case .queue(_, let entries, _) = board.snapshot(id: nil, online: { _ in true }) else { return }
        #expect(entries.map(\.patientName) == ["Name of pia"])
        _ = board.apply(.removed("a"), online: { _ in true })
        #expect(board.isEmpty)
    }
}
