/// How a visit came about.
public enum VisitKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Through triage, synchronous: the patient waits in a queue for a clinician.
    case dropIn
    /// At a booked time, usually through a booking ticket.
    case booked
    /// An administrative case: prescription renewal, certificates, rebooking, aids.
    case asynchronous

    /// Triage priorities are 1-5; asynchronous cases use larger numbers as well (8 and 12 are
    /// seen in practice), so they get room up to 99.
    public var priorities: ClosedRange<Int> {
        switch self {
        case .dropIn, .booked: 1...5
        case .asynchronous: 1...99
        }
    }
}
