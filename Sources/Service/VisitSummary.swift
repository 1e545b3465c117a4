import Care

/// What the store keeps beside a visit's log, for recovery and intake limits without a replay.
public struct VisitSummary: Sendable, Hashable {
    public enum Phase: Sendable, Hashable {
        /// Waiting, accepted or in progress: counts against the patient's open visits.
        case active
        case asyncPhase
        case closed
    }

    public var id: VisitID
    public var patient: PatientID
    public var phase: Phase

    public init(id: VisitID, patient: PatientID, phase: Phase) {
        self.id = id
        self.patient = patient
        self.phase = phase
    }

    public init(_ visit: Visit) {
        let phase: Phase = switch visit.state {
        case .asyncPhase: .asyncPhase
        case .closed: .closed
        case .waiting, .accepted, .inProgress: .active
        }
        self.init(id: visit.id, patient: visit.patient, phase: phase)
    }
}
