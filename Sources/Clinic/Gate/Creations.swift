import Care
import Service

/// `visit.create`s in flight on this loop, from the gate's admission to the desk's answer: the
/// creator follows the new visit once it is acked, and the intake ledger counts the creation
/// until then (kept across a disconnect: the desk still answers, and only then does the store
/// count the visit).
final class Creations {
    struct Key: Hashable {
        var subscriber: Subscriber
        var commandID: String
    }

    private let intake: IntakeLedger
    private var creators: [Key: Principal] = [:]
    private var reservations: [Key: PatientID] = [:]

    init(intake: IntakeLedger) {
        self.intake = intake
    }

    /// The intake ledger admitted `patient`'s creation; the desk now has it.
    func begin(_ key: Key, by principal: Principal, patient: PatientID) {
        creators[key] = principal
        reservations[key] = patient
    }

    /// The desk answered `key`: the ledger stops counting it in flight. Returns the creator when
    /// the creation succeeded and the creator is still connected (they follow the new visit).
    func answered(_ key: Key, created: Bool) -> Principal? {
        if let patient = reservations.removeValue(forKey: key) { intake.release(patient) }
        let creator = creators.removeValue(forKey: key)
        return created ? creator : nil
    }

    /// The connection closed: nobody follows its creations (their reservations stay until the
    /// desk answers).
    func disconnected(_ subscriber: Subscriber) {
        creators = creators.filter { $0.key.subscriber != subscriber }
    }
}
