import Care
import Service
import Synchronization

/// Who patients are (name, personal identity number), for staff views. Filled from patients'
/// tokens as they connect (and persisted, so a restart still knows them) and from the demo data;
/// a miss falls back to the store.
final class Directory: Sendable {
    private let patients = Mutex([PatientID: Patient]())

    /// Records the patient; true if this is new or changed information (worth persisting).
    @discardableResult
    func register(_ patient: Patient) -> Bool {
        patients.withLock { known in
            guard known[patient.id] != patient else { return false }
            known[patient.id] = patient
            return true
        }
    }

    /// The patient, from memory or else from `reader` (on the caller's thread).
    func patient(_ id: PatientID, reader: any RecordReader) -> Patient? {
        if let known = patients.withLock({ $0[id] }) { return known }
        guard let patient = try? reader.patient(id) else { return nil }
        patients.withLock { $0[id] = patient }
        return patient
    }
}
