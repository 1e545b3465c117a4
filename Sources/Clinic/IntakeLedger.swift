import Care
import Synchronization

/// How many visits each patient is seeking at once and has sought lately, for every loop: one
/// patient must not bury a queue (issue 21: 16 connections × 25 `visit.create` put 400 visits in
/// a queue in 0.1 s). Visits already committed are counted by the caller from the store; this
/// ledger adds the creations still in flight (so parallel creates on several loops cannot all
/// pass) and the creations of the last hour, seeded from the store's arrival times when it holds
/// nothing of a patient (so a restart does not forget the hour).
final class IntakeLedger: Sendable {
    enum Verdict: Equatable {
        case admitted
        /// At the open-visit cap; `open` is one of the visits already open (the answer names it).
        case tooManyOpen(open: VisitID?)
        case tooManyThisHour
    }

    private struct Patient {
        var inFlight = 0
        /// Creation times (ms) within the last hour, oldest first; at most `perHour` of them.
        var recent: [Int64] = []
    }

    static let hourMilliseconds: Int64 = 3_600_000
    private let patients = Mutex<[PatientID: Patient]>([:])

    /// Admits one more creation by `patient` (and counts it) unless a limit says no.
    /// `open`: the patient's visits in a synchronous state, as the store has them committed.
    /// `arrivals`: when the store's newest visits of the patient arrived (ms), asked only when
    /// this ledger holds nothing of the patient (after a restart, or an hour without creations).
    func reserve(_ patient: PatientID, open: [VisitID], now: Int64, limits: SessionLimits,
                 arrivals: () -> [Int64] = { [] }) -> Verdict {
        // The store is read outside the lock (it is I/O, and every loop takes this lock); if
        // another loop seeds the patient meanwhile, the entry already there wins below.
        let known = patients.withLock { $0[patient] != nil }
        let stored = known ? [] : arrivals()
        return patients.withLock { patients in
            var entry = patients[patient] ?? Patient(inFlight: 0, recent: Array(stored.sorted().suffix(limits.visitsPerPatientPerHour)))
            entry.recent.removeAll { now - $0 >= Self.hourMilliseconds || $0 > now }
            defer { patients[patient] = entry.inFlight == 0 && entry.recent.isEmpty ? nil : entry }
            guard open.count + entry.inFlight < limits.openVisitsPerPatient else { return .tooManyOpen(open: open.first) }
            guard entry.recent.count < limits.visitsPerPatientPerHour else { return .tooManyThisHour }
            entry.inFlight += 1
            entry.recent.append(now)
            return .admitted
        }
    }

    /// The creation is answered (committed, refused or failed): the store counts it from now on.
    func release(_ patient: PatientID) {
        patients.withLock { patients in
            guard var entry = patients[patient] else { return }
            entry.inFlight = max(0, entry.inFlight - 1)
            patients[patient] = entry.inFlight == 0 && entry.recent.isEmpty ? nil : entry
        }
    }
}
