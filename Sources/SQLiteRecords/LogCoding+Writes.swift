import Care
import Service
import Store

/// The ports' writes as the store's requests, and the store's answers as the ports' outcomes.
extension LogCoding {
    /// Every write has a request: the log codec encodes every event and visit.
    func request(_ write: RecordWrite) -> WriteRequest {
        switch write {
        case .append(let append):
            .append(EventAppend(visitID: append.visit.rawValue, events: append.events.map(row),
                                projection: append.state.map { projection($0, at: append.at) },
                                notifications: append.notifications.map(Self.row)))
        case .readMark(let visit, let mark, let at):
            .readReceipt(ReadReceipt(visitID: visit.rawValue, participant: LogCodec.actorKey(mark.reader), upToSeq: Int64(mark.upTo),
                                     atMilliseconds: at.millisecondsSinceEpoch))
        case .audit(let entries): .audit(entries.map(Self.row))
        case .enqueue(let entry): .enqueueNotification(Self.row(entry))
        case .registerPatient(let patient, let at):
            .registerPatient(PatientRecord(patientID: patient.id.rawValue, name: patient.displayName,
                                           personalIdentityNumber: patient.personalIdentityNumber,
                                           updatedMilliseconds: at.millisecondsSinceEpoch))
        case .markSent(let id, let at): .markNotificationSent(id: id, atMilliseconds: at.millisecondsSinceEpoch)
        case .recordFailure(let id, let error): .recordNotificationFailure(id: id, error: error)
        }
    }

    static func outcome(_ result: Result<WriteOutcome, StoreError>) -> Result<RecordOutcome, RecordError> {
        switch result {
        case .success(.appended(let visit, let seqs)):
            .success(.appended(VisitID(visit), seqs: UInt64(clamping: seqs.lowerBound)...UInt64(clamping: seqs.upperBound)))
        case .success(.duplicate(let visit, let original)): .success(.duplicate(VisitID(visit), originalSeq: UInt64(clamping: original)))
        case .success(.receipt(let upTo)): .success(.readMark(upTo: UInt64(clamping: upTo)))
        case .success(.audited(let ids)): .success(.audited(ids: ids))
        case .success(.notificationQueued(let id)): .success(.enqueued(id: id))
        case .success(.notificationUpdated(let id)): .success(.notificationUpdated(id: id))
        case .success(.patientRegistered): .success(.patientRegistered)
        case .failure(let error): .failure(Self.error(error))
        }
    }

    static func error(_ error: StoreError) -> RecordError {
        switch error {
        case .sequenceGap(let visit, let expected, let got):
            .sequenceGap(VisitID(visit), expected: UInt64(clamping: expected), got: UInt64(clamping: got))
        case .unknownVisit(let visit): .unknownVisit(VisitID(visit))
        case .unknownNotification(let id): .unknownNotification(id)
        case .invalidRequest(let reason): .invalid(reason)
        default: .failed(error.description)
        }
    }

    static func row(_ entry: AuditEntry) -> AuditRecord {
        AuditRecord(atMilliseconds: entry.at.millisecondsSinceEpoch, actor: entry.actor, actorKind: entry.actorKind,
                    actorUnit: entry.unit?.rawValue, patientID: entry.patient?.rawValue, visitID: entry.visit?.rawValue,
                    action: entry.action, detail: entry.detail, actorProvider: entry.careProvider?.rawValue)
    }

    static func entry(_ row: AuditRecord) -> AuditEntry {
        AuditEntry(id: row.id, at: Instant(millisecondsSinceEpoch: row.atMilliseconds), actor: row.actor,
                   actorKind: row.actorKind, unit: row.actorUnit.map(UnitID.init), careProvider: row.actorProvider.map(CareProviderID.init),
                   patient: row.patientID.map(PatientID.init), visit: row.visitID.map(VisitID.init), action: row.action,
                   detail: row.detail)
    }

    static func row(_ entry: OutboxEntry) -> OutboxNotification {
        OutboxNotification(id: entry.id, createdMilliseconds: entry.created.millisecondsSinceEpoch, recipient: entry.recipient,
                           channel: entry.channel, template: entry.template, payload: entry.payload,
                           sentMilliseconds: entry.sent?.millisecondsSinceEpoch, attempts: entry.attempts,
                           lastError: entry.lastError)
    }

    static func entry(_ row: OutboxNotification) -> OutboxEntry {
        OutboxEntry(id: row.id, created: Instant(millisecondsSinceEpoch: row.createdMilliseconds), recipient: row.recipient,
                    channel: row.channel, template: row.template, payload: row.payload,
                    sent: row.sentMilliseconds.map { Instant(millisecondsSinceEpoch: $0) }, attempts: row.attempts,
                    lastError: row.lastError)
    }
}
