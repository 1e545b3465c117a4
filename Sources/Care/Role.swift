/// A staff member's role (vårdroll). Half of a `Resource`: queues are per unit and role.
public enum Role: String, CaseIterable, Hashable, Sendable, Codable {
    case nurse
    case doctor
    case administrator
    case midwife
    case psychologist
    case physiotherapist
    case counsellor

    /// The Swedish title staff and patients know, as shown in lists and headings.
    public var displayName: String {
        switch self {
        case .nurse: "Sjuksköterska"
        case .doctor: "Läkare"
        case .administrator: "Administratör"
        case .midwife: "Barnmorska"
        case .psychologist: "Psykolog"
        case .physiotherapist: "Fysioterapeut"
        case .counsellor: "Kurator"
        }
    }

    /// The title inside a sentence ("… och är sjuksköterska."). Swedish titles are not capitalised.
    public var inSentence: String { displayName.lowercased() }
}
