import Care

/// Audit records of reads of patient data (who, which patient and visit, what, when, from which
/// unit). One per open, history page and subscription end: never one per delivered event.
public enum AuditTrail {
    enum Action: String {
        case open = "visit.open"
        case close = "visit.close"
        case history = "visit.history"
    }

    static func record(_ action: Action, _ subscription: Subscription, visit: VisitID, at now: Instant,
                       detail: String? = nil) -> AuditEntry {
        record(action.rawValue, by: subscription.principal, unit: subscription.unit, patient: subscription.patient,
               visit: visit, detail: detail, at: now)
    }

    /// Any audited read, also of lists of many patients (a queue, an inbox: no single patient).
    public static func record(_ action: String, by principal: Principal, unit: UnitID?, patient: PatientID? = nil,
                              visit: VisitID? = nil, detail: String?, at now: Instant) -> AuditEntry {
        let (actor, kind, provider): (String, String, CareProviderID?) = switch principal {
        case .patient(let patient): (patient.id.rawValue, "patient", nil)
        case .staff(let staff): (staff.id.rawValue, "staff", staff.careProvider)
        case .system: ("carewire", "system", nil)
        }
        return AuditEntry(at: now, actor: actor, actorKind: kind, unit: unit, careProvider: provider, patient: patient,
                          visit: visit, action: action, detail: detail)
    }
}
