/// Who may see, read and change what. Deny by default: every rule below is a reason to allow.
///
/// Three levels, so errors never leak existence:
/// - `canSee`: the visit exists for you (state, priority, place in a queue). Otherwise `notFound`.
/// - `canRead`: you may open it (triage text, chat history, live messages).
/// - `mayIssue`: you may give this command. Otherwise `forbidden`.
///
/// A staff member always needs the visit's care provider: a visit never crosses care providers.
public enum AccessPolicy {
    /// A queue is visible to staff who work its unit in its role. Units in a staff member's token
    /// belong to their own care provider, so the care-provider rule holds by construction.
    public static func canSubscribe(_ principal: Principal, queue: Resource) -> Bool {
        switch principal {
        case .staff(let staff): staff.works(queue)
        case .patient, .system: false
        }
    }

    public static func canSee(_ principal: Principal, _ visit: Visit) -> Bool {
        switch principal {
        case .system:
            return true
        case .patient(let patient):
            return visit.patient == patient.id
        case .staff(let staff):
            guard staff.careProvider == visit.careProvider else { return false }
            return visit.responsible?.id == staff.id
                || staff.works(visit.resource)
                // The billing view lists visits ended with "charge" = yes.
                || (staff.rights.contains(.billing) && visit.chargeForVisit == true)
        }
    }

    /// Opening a visit. Staff who work the queue may read a waiting visit (they assess triage
    /// text and priority before accepting); once a clinician has taken it, only they may.
    public static func canRead(_ principal: Principal, _ visit: Visit) -> Bool {
        switch principal {
        case .system:
            return true
        case .patient(let patient):
            return visit.patient == patient.id
        case .staff(let staff):
            guard staff.careProvider == visit.careProvider else { return false }
            return visit.responsible?.id == staff.id
                || (visit.state == .waiting && staff.works(visit.resource))
        }
    }

    /// Whether `principal` may give `command` to a visit they can see, whatever its state (the
    /// state machine answers that with `conflict`). The one state-dependent rule: while a visit
    /// is waiting, anyone working its queue may change its priority (staff correct triage
    /// priorities before accepting); after accept only the responsible staff member may.
    public static func mayIssue(_ command: VisitCommand, _ principal: Principal, _ visit: Visit) -> Bool {
        switch principal {
        case .system:
            // The clock expires async phases; the triage service sets priorities of waiting visits.
            if case .changePriority = command { return visit.state == .waiting }
            return command == .expire
        case .patient(let patient):
            guard visit.patient == patient.id else { return false }
            if case .sendMessage = command { return true }
            return false
        case .staff(let staff):
            guard staff.careProvider == visit.careProvider else { return false }
            let isResponsible = visit.responsible?.id == staff.id
            switch command {
            case .accept:
                return staff.works(visit.resource)
            case .changePriority:
                return isResponsible || (visit.state == .waiting && staff.works(visit.resource))
            case .start, .sendMessage, .end, .markDone:
                return isResponsible
            case .expire:
                return false
            }
        }
    }
}
