import Care
import Service
import Wire

/// Mail for the loop keeping a clinician's async inbox (`CareRouter.inboxOwner`).
enum InboxMail: Sendable {
    /// A visit of the inbox changed.
    case visitChanged(QualifiedStaffID, Visit)
    case subscribe(StaffMember, Subscriber, CommandID)
}
