import Care
import Service

/// Mail every loop gets: any loop may hold state it concerns.
enum LoopWideMail: Sendable {
    /// The connection closed: end its subscriptions (visits by owner, boards by key), audited.
    case disconnected(Subscriber)
    /// A patient came online or went offline: staff who see them are told.
    case presence(PatientID, online: Bool)
}
