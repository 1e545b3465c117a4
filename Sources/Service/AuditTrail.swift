import Care
import Store

/// Audit records of reads of patient data (who, which patient and visit, what, when, from which
/// unit). One per open, history page and subscription end: never one per delivered event.
public enum AuditTrail {
    enum Action: String {
        case open = "visit.open"
        case close = "visit.close"
        case history = "visit.history"
    }

    static func record(_ action: Action, _ subscription: Subscription, visit: VisitID, at now: Instant,
                       detail: String? = nil) -> AuditRecord {
        record(action.rawValue, by: subscription.principal, unit: subscription.unit, patient: subscription.patient,
               visit: visit, detail: detail, at: now)
    }

    /// Any audited read, also of lists of many patients (a queue, an inbox: no single patient).
    public static func record(_ action: String, by principal: Principal, unit: UnitID?, patient: PatientID? = nil,
                              visit: VisitID? = nil, detail: String?, at now: Instant) -> AuditRecord {
        let (actor, kind, provider): (String, String, String?) = switch principal {
        case .patient(let patient): (patient.id.rawValue, "patient", nil)
        case .staff(let staff): (staff.id.rawValue, "staff", staff.careProvider.rawValue)
        case .system: ("carewire", "system", nil)
        }
        return AuditRecord(atMilliseconds: now.millisecondsSinceEpoch, actor: actor, actorKind: kind,
                           actorUnit: unit?.rawValue, patientID: patient?.rawValue, visitID: visit?.rawValue,
                           action: action, detail: detail, actorProvider: provider)
    }
}
