/// What a principal asks of an existing visit. Creating a visit is `VisitFactory`'s job.
public enum VisitCommand: Hashable, Sendable, Codable {
    /// Ta emot (staff working the visit's queue).
    case accept
    /// Starta besök (responsible staff member); writes the welcome message.
    case start
    case sendMessage(clientMessageID: ClientMessageID, text: String)
    case changePriority(to: Priority)
    /// Avsluta besök. Optional because clients may leave them out; both are required (`invalid`).
    case end(asyncPhaseDays: Int?, chargeForVisit: Bool?)
    /// "Mark as done" in the async inbox.
    case markDone
    /// Clock-driven, by `Principal.system`: close the visit when its async phase has run out.
    case expire
}
