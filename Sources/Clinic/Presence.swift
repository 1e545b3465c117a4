import Care
import Synchronization

/// Who is online, for every loop: open authenticated connections per patient (staff see "online"
/// while any device is connected) and per token subject (the per-user connection limit).
final class Presence: Sendable {
    private struct Counts {
        var patients: [PatientID: Int] = [:]
        var subjects: [String: Int] = [:]
    }

    private let counts = Mutex(Counts())

    enum Admission: Equatable {
        /// Admitted; `cameOnline` when this was the patient's first connection.
        case admitted(cameOnline: Bool)
        case overLimit
    }

    /// Counts a new authenticated connection, unless the subject is at `limit` already.
    func connect(_ principal: Principal, limit: Int) -> Admission {
        counts.withLock { counts in
            let key = principal.subjectKey
            let open = counts.subjects[key, default: 0]
            guard open < limit else { return .overLimit }
            counts.subjects[key] = open + 1
            guard case .patient(let patient) = principal else { return .admitted(cameOnline: false) }
            let devices = counts.patients[patient.id, default: 0]
            counts.patients[patient.id] = devices + 1
            return .admitted(cameOnline: devices == 0)
        }
    }

    /// Uncounts a connection; true when it was the patient's last one.
    func disconnect(_ principal: Principal) -> Bool {
        counts.withLock { counts in
            let key = principal.subjectKey
            if let open = counts.subjects[key] { counts.subjects[key] = open > 1 ? open - 1 : nil }
            guard case .patient(let patient) = principal, let devices = counts.patients[patient.id] else { return false }
            counts.patients[patient.id] = devices > 1 ? devices - 1 : nil
            return devices == 1
        }
    }

    func isOnline(_ patient: PatientID) -> Bool {
        counts.withLock { $0.patients[patient] != nil }
    }
}
