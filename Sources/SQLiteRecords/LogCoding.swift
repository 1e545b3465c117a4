import Care
import Service
import Store

/// Care's values as Store's rows. Care's `LogCodec` owns the log format (an event's columns and
/// payload, a visit's snapshot; docs/log-format.md); this maps its values to the store's types
/// and its errors to the ports'. The store never parses a payload.
struct LogCoding: Sendable {
    func row(_ event: VisitEvent) -> StoredEvent {
        let record = LogCodec.record(event)
        return StoredEvent(
            visitID: record.visit.rawValue, seq: Int64(record.seq), atMilliseconds: record.at.millisecondsSinceEpoch,
            actor: record.actor, kind: record.kind, clientID: record.clientMessageID?.rawValue, payload: record.payload)
    }

    func event(_ row: StoredEvent) throws(RecordError) -> LoggedEvent {
        let record = LogRecord(
            visit: VisitID(row.visitID), seq: UInt64(clamping: row.seq), at: Instant(millisecondsSinceEpoch: row.atMilliseconds),
            actor: row.actor, kind: row.kind, clientMessageID: row.clientID.map(ClientMessageID.init), payload: row.payload)
        do {
            return LoggedEvent(try LogCodec.event(record), bytes: row.payload.count)
        } catch {
            throw .damaged(error.message)
        }
    }

    func visit(_ row: VisitProjection) throws(LogFormatError) -> Visit {
        try LogCodec.visit(snapshot: row.snapshot)
    }

    static func summary(_ row: VisitProjection) -> VisitSummary {
        let phase: VisitSummary.Phase = switch row.state {
        case VisitProjection.closedState: .closed
        case VisitProjection.asyncPhaseState: .asyncPhase
        default: .active
        }
        return VisitSummary(id: VisitID(row.visitID), patient: PatientID(row.patientID), phase: phase)
    }

    /// The `visits` row after `visit`'s latest events (written at `now`).
    func projection(_ visit: Visit, at now: Instant) -> VisitProjection {
        VisitProjection(
            visitID: visit.id.rawValue, patientID: visit.patient.rawValue, unitID: visit.resource.unit.rawValue,
            role: visit.resource.role.rawValue, state: Self.state(visit.state),
            responsibleID: visit.responsible?.id.rawValue, lastSeq: Int64(visit.lastSeq),
            snapshot: LogCodec.snapshot(visit),
            updatedMilliseconds: now.millisecondsSinceEpoch)
    }

    /// `closed` and `asyncPhase` are `VisitProjection`'s: recovery skips closed rows, the intake
    /// counts the others but the async phase.
    static func state(_ state: VisitState) -> String {
        switch state {
        case .waiting: "waiting"
        case .accepted: "accepted"
        case .inProgress: "inProgress"
        case .asyncPhase: VisitProjection.asyncPhaseState
        case .closed: VisitProjection.closedState
        }
    }
}
