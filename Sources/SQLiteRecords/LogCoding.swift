import Care
import FoundationEssentials
import Service
import Store

/// Care's values as Store's rows: an event's payload is the whole domain event as JSON (the
/// indexed columns repeat what the store needs: seq, actor, kind, client id); a projection row's
/// snapshot is the visit as JSON. Care owns the shapes; the store never parses them. These bytes
/// are the on-disk format: change them only with a migration.
struct LogCoding: Sendable {
    private let encoder = JSONEncoder()
    private let decoder = JSONDecoder()

    func row(_ event: VisitEvent) throws -> StoredEvent {
        var clientID: String? = nil
        if case .message(let id?, _) = event.body { clientID = id.rawValue }
        return StoredEvent(
            visitID: event.visit.rawValue, seq: Int64(event.seq), atMilliseconds: event.at.millisecondsSinceEpoch,
            actor: Self.key(event.actor), kind: Self.kind(event.body), clientID: clientID,
            payload: try MessagePayload.encode(event) ?? Array(encoder.encode(event)))
    }

    func event(_ row: StoredEvent) throws(RecordError) -> LoggedEvent {
        let event: VisitEvent
        do {
            event = try decoder.decode(VisitEvent.self, from: Data(row.payload))
        } catch {
            throw .damaged("payload of \(row.visitID)#\(row.seq): \(error)")
        }
        // The columns are what the store ordered and deduplicated by: they must agree with the payload.
        guard event.visit.rawValue == row.visitID, Int64(event.seq) == row.seq else {
            throw .damaged("payload of \(row.visitID)#\(row.seq) names \(event.visit)#\(event.seq)")
        }
        return LoggedEvent(event, bytes: row.payload.count)
    }

    func visit(_ row: VisitProjection) throws -> Visit {
        try decoder.decode(Visit.self, from: Data(row.snapshot))
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
    func projection(_ visit: Visit, at now: Instant) throws -> VisitProjection {
        VisitProjection(
            visitID: visit.id.rawValue, patientID: visit.patient.rawValue, unitID: visit.resource.unit.rawValue,
            role: visit.resource.role.rawValue, state: Self.state(visit.state),
            responsibleID: visit.responsible?.id.rawValue, lastSeq: Int64(visit.lastSeq),
            snapshot: Array(try encoder.encode(visit)),
            updatedMilliseconds: now.millisecondsSinceEpoch)
    }

    /// How actors are named in the store's columns (idempotency is per visit, actor, client id).
    static func key(_ actor: Party) -> String {
        switch actor {
        case .patient(let id): "patient:\(id.rawValue)"
        case .staff(let id): "staff:\(id.rawValue)"
        case .system: "system"
        }
    }

    static func actor(_ key: String) -> Party? {
        if key == "system" { return .system }
        guard let colon = key.firstIndex(of: ":") else { return nil }
        let id = String(key[key.index(after: colon)...])
        switch key[..<colon] {
        case "patient": return .patient(PatientID(id))
        case "staff": return .staff(StaffID(id))
        default: return nil
        }
    }

    static func kind(_ body: VisitEvent.Body) -> String {
        switch body {
        case .created: "created"
        case .accepted: "accepted"
        case .started: "started"
        case .message: "message"
        case .priorityChanged: "priorityChanged"
        case .ended: "ended"
        case .markedDone: "markedDone"
        case .closed: "closed"
        }
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
