import TestSupport
import Testing
@testable import Store

/// The lookups a reconnecting client needs: a patient's open visits, a clinician's visits, who a
/// patient is. Backed by migration 4 (responsible column, patients table).
@Suite struct DirectoryQueryTests {
    private func row(_ visit: String, patient: String, state: String, responsible: String?, at: Int64) -> WriteRequest {
        var projection = Fixture.projection(visit, state: state, patient: patient)
        projection.responsibleID = responsible
        projection.updatedMilliseconds = at
        return .append(EventAppend(visitID: visit, events: [Fixture.message(visit, 1)], projection: projection))
    }

    @Test func openVisitsOfAPatientAndVisitsHeldByAClinician() throws {
        let directory = TemporaryDirectory()
        let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        defer { writer.stop() }
        _ = writer.write(row("v1", patient: "pia", state: "waiting", responsible: nil, at: 1))
        _ = writer.write(row("v2", patient: "pia", state: "closed", responsible: "anna", at: 2))
        _ = writer.write(row("v3", patient: "olle", state: "inProgress", responsible: "anna", at: 3))
        _ = writer.write(row("v4", patient: "pia", state: "asyncPhase", responsible: "anna", at: 4))
        _ = writer.write(row("v5", patient: "olle", state: "closed", responsible: "anna", at: 5))
        let reader = try StoreReader(path: directory.databasePath)
        #expect(try reader.openVisits(patientID: "pia").map(\.visitID) == ["v1", "v4"])
        // Open first (newest first), then closed (newest first); the limit cuts the oldest closed.
        #expect(try reader.visits(responsibleID: "anna").map(\.visitID) == ["v4", "v3", "v5", "v2"])
        #expect(try reader.visits(responsibleID: "anna", limit: 3).map(\.visitID) == ["v4", "v3", "v5"])
        #expect(try reader.visit("v3")?.responsibleID == "anna")
        #expect(try reader.visits(responsibleID: "nobody").isEmpty)
    }

    @Test func patientsAreRegisteredAndRefreshedNeverDeleted() throws {
        let directory = TemporaryDirectory()
        let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        defer { writer.stop() }
        let pia = PatientRecord(patientID: "pia", name: "Pia Persson", personalIdentityNumber: "19121212-1212", updatedMilliseconds: 1)
        #expect(writer.write(.registerPatient(pia)) == .success(.patientRegistered))
        let reader = try StoreReader(path: directory.databasePath)
        #expect(try reader.patient("pia") == pia)
        var married = pia
        married.name = "Pia Lund"
        married.updatedMilliseconds = 2
        _ = writer.write(.registerPatient(married))
        #expect(try reader.patient("pia") == married)
        #expect(try reader.patient("nobody") == nil)
        let database = try SQLiteDatabase(path: directory.databasePath)
        defer { database.close() }
        #expect(throws: SQLiteError.self) { try database.execute("DELETE FROM patients") }
    }
}
