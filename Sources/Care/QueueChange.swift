/// One live update to a queue, for the staff watching it. Why a visit left (accepted, handed
/// elsewhere, closed) is in the visit's own event; the queue only says it left.
public enum QueueChange: Hashable, Sendable, Codable {
    case added(QueueEntry)
    case removed(VisitID)
    case priorityChanged(VisitID, from: Priority, to: Priority)
}
