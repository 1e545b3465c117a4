import Care
import Service

/// A visit written the way the desk writes it: each step decides a command with Care and
/// returns the append that records its events (with the visit's state when it changes).
struct VisitScript {
    static let provider: CareProviderID = "norrsken"
    static let queue = Resource(careProvider: provider, unit: "vc-lovsta", role: .nurse)
    static let nurse = Principal.staff(StaffMember(id: "nurse-1", displayName: "Nina", careProvider: provider,
                                                   units: ["vc-lovsta"], role: .nurse))

    let patient: Principal
    private(set) var visit: Visit
    var now = Instant(millisecondsSinceEpoch: 1_700_000_000_000)

    /// The visit's first append (its created event and state).
    init(_ id: VisitID, patient: PatientID = "anna", at arrival: Instant? = nil) throws {
        if let arrival { now = arrival }
        self.patient = .patient(Patient(id: patient, displayName: "Anna", personalIdentityNumber: "19900101-1234"))
        let created = try VisitFactory.dropIn(id: id, by: self.patient, contactReason: "Halsont", text: "Ont i halsen",
                                              priority: 3, resource: Self.queue, careProvider: Self.provider,
                                              at: now).get()
        visit = try Visit(created)
        first = VisitAppend(visit: id, events: [created], state: visit, at: now)
    }

    /// What `init` created, to be appended first.
    let first: VisitAppend

    /// The append recording `command` (the state only if `withState`, as the desk leaves it out for chat).
    mutating func append(_ command: VisitCommand, by principal: Principal? = nil, withState: Bool = true,
                         notifying: [OutboxEntry] = []) throws -> VisitAppend {
        now = now.adding(milliseconds: 1_000)
        guard case .record(let events) = try visit.decide(command, by: principal ?? patient, at: now).get() else {
            throw ScriptError.nothingRecorded
        }
        for event in events { try visit.apply(event) }
        return VisitAppend(visit: visit.id, events: events, state: withState ? visit : nil, notifications: notifying, at: now)
    }

    /// A chat message by the patient.
    mutating func message(_ clientID: String, _ text: String = "Hej") throws -> VisitAppend {
        try append(.sendMessage(clientMessageID: ClientMessageID(clientID), text: text), withState: false)
    }

    /// Accepted and started by the nurse: seqs 2 accepted, 3 started, 4 welcome.
    mutating func start() throws -> [VisitAppend] {
        [try append(.accept, by: Self.nurse), try append(.start, by: Self.nurse)]
    }

    enum ScriptError: Error { case nothingRecorded }
}
