import Care
import Store

/// Audit records of reads of patient data (who, which patient and visit, what, when, from which
/// unit). One per open, history page and subscription end: never one per delivered event.
enum AuditTrail {
    enum Action: String {
        case open = "visit.open"
        case close = "visit.close"
        case history = "visit.history"
    }

    static func record(_ action: Action, _ subscription: Subscription, visit: VisitID, at now: Instant,
                       detail: String? = nil) -> AuditRecord {
        let (actor, kind): (String, String) = switch subscription.principal {
        case .patient(let patient): (patient.id.rawValue, "patient")
        case .staff(let staff): (staff.id.rawValue, "staff")
        case .system: ("carewire", "system")
        }
        return AuditRecord(atMilliseconds: now.millisecondsSinceEpoch, actor: actor, actorKind: kind,
                           actorUnit: subscription.unit?.rawValue, patientID: subscription.patient.rawValue,
                           visitID: visit.rawValue, action: action.rawValue, detail: detail)
    }
}
