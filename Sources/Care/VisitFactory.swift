/// Creates visits: validates the request and returns the first event of the new visit's log.
public enum VisitFactory {
    /// A visit of any kind, sought by a patient for themselves (only patients create visits for
    /// now; staff-created cases and guardians acting for a child come later). The contact reason
    /// is stored trimmed; the triage text as written.
    public static func create(
        _ kind: VisitKind, id: VisitID, by principal: Principal, contactReason: String, text: String,
        priority: Priority, resource: Resource, careProvider: CareProviderID, at now: Instant
    ) -> Result<VisitEvent, CareError> {
        guard case .patient(let patient) = principal else { return .failure(.forbidden) }
        do {
            try Limits.checkContactReason(contactReason)
            try Limits.checkTriageText(text)
            try Limits.checkPriority(priority, for: kind)
        } catch {
            return .failure(error)
        }
        let body = VisitEvent.Body.created(
            kind: kind, patient: patient.id, careProvider: careProvider, resource: resource.scoped(to: careProvider),
            contactReason: Limits.trimmed(contactReason), text: text, priority: priority)
        return .success(VisitEvent(visit: id, seq: 1, at: now, actor: principal.actor, body: body))
    }

    /// A drop-in visit: the patient comes through triage, which gives the priority (1-5).
    public static func dropIn(
        id: VisitID, by principal: Principal, contactReason: String, text: String, priority: Priority,
        resource: Resource, careProvider: CareProviderID, at now: Instant
    ) -> Result<VisitEvent, CareError> {
        create(
            .dropIn, id: id, by: principal, contactReason: contactReason, text: text, priority: priority,
            resource: resource, careProvider: careProvider, at: now)
    }
}
