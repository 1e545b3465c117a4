import Care
import Testing

/// One care provider (Vårdbolaget Norrsken) with two units, its staff and patients, plus a
/// stranger from another care provider who happens to name a unit the same way.
enum Fixtures {
    static let region: CareProviderID = "norrsken"
    static let otherRegion: CareProviderID = "solvik"
    static let bjorkdalen: UnitID = "vc-bjorkdalen"
    static let lovsta: UnitID = "vc-lovsta"
    static let nurses = Resource(careProvider: region, unit: bjorkdalen, role: .nurse)
    static let doctors = Resource(careProvider: region, unit: bjorkdalen, role: .doctor)

    static let pia = Patient(id: "patient-pia", displayName: "Pia Persson", personalIdentityNumber: "19800101-1234")
    static let per = Patient(id: "patient-per", displayName: "Per Olsson", personalIdentityNumber: "19751212-4321")

    static let anna = StaffMember(
        id: "staff-anna", displayName: "Anna Berg", careProvider: region, units: [bjorkdalen], role: .nurse)
    static let bertil = StaffMember(
        id: "staff-bertil", displayName: "Bertil Ek", careProvider: region, units: [bjorkdalen, lovsta], role: .nurse)
    static let doris = StaffMember(
        id: "staff-doris", displayName: "Doris Lind", careProvider: region, units: [bjorkdalen], role: .doctor)
    static let sven = StaffMember(
        id: "staff-sven", displayName: "Sven Sund", careProvider: region, units: [lovsta], role: .nurse)
    static let kassa = StaffMember(
        id: "staff-kassa", displayName: "Karin Kassa", careProvider: region, units: [lovsta],
        role: .administrator, rights: [.billing])
    static let olle = StaffMember(
        id: "staff-olle", displayName: "Olle Främling", careProvider: otherRegion, units: [bjorkdalen], role: .nurse)

    static let visitID: VisitID = "visit-1"
}

/// Shorthands for principals.
extension Principal {
    static let pia = Principal.patient(Fixtures.pia)
    static let per = Principal.patient(Fixtures.per)
    static let anna = Principal.staff(Fixtures.anna)
    static let bertil = Principal.staff(Fixtures.bertil)
    static let doris = Principal.staff(Fixtures.doris)
    static let sven = Principal.staff(Fixtures.sven)
    static let kassa = Principal.staff(Fixtures.kassa)
    static let olle = Principal.staff(Fixtures.olle)
}

/// Drives one visit the way its owner would: decide, then apply what was decided, keeping the log.
struct Scenario {
    var clock = FakeClock()
    var visit: Visit
    var log: [VisitEvent]

    init(
        id: VisitID = Fixtures.visitID, priority: Priority = 3, resource: Resource = Fixtures.nurses,
        patient: Principal = .pia, clock: FakeClock = FakeClock()
    ) throws {
        self.clock = clock
        let created = try VisitFactory.dropIn(
            id: id, by: patient, contactReason: "Halsont", text: "Ont i halsen sedan tre dagar.",
            priority: priority, resource: resource, careProvider: Fixtures.region, at: clock.now()
        ).get()
        visit = try Visit(created)
        log = [created]
    }

    /// Decides and applies; returns the recorded events (empty for a no-op). Fails the test on
    /// refusals and on duplicates.
    @discardableResult
    mutating func run(_ command: VisitCommand, by principal: Principal) throws -> [VisitEvent] {
        guard case .record(let events) = try visit.decide(command, by: principal, at: clock.now()).get() else {
            Issue.record("expected new events for \(command)")
            return []
        }
        for event in events { try visit.apply(event) }
        log += events
        return events
    }

    /// The refusal `command` gets, or nil if it was allowed (nothing is applied either way).
    func refusal(_ command: VisitCommand, by principal: Principal) -> CareError? {
        if case .failure(let error) = visit.decide(command, by: principal, at: clock.now()) { error } else { nil }
    }

    func event(_ seq: UInt64, _ actor: Party, _ body: VisitEvent.Body) -> VisitEvent {
        VisitEvent(visit: visit.id, seq: seq, at: clock.now(), actor: actor, body: body)
    }

    /// Accepted and started by Anna.
    mutating func startedByAnna() throws {
        try run(.accept, by: .anna)
        try run(.start, by: .anna)
    }

    /// Ended by Anna with an async phase of `days`.
    mutating func endedByAnna(days: Int = 7, charge: Bool = true) throws {
        try startedByAnna()
        try run(.end(asyncPhaseDays: days, chargeForVisit: charge), by: .anna)
    }

    /// A whole life: ended, a patient message in the async phase, marked done, expired (closed).
    static func closedAfterItsAsyncPhase() throws -> Scenario {
        var s = try Scenario()
        try s.endedByAnna(days: 3)
        try s.run(.sendMessage(clientMessageID: "p", text: "Hej 👋 åäö"), by: .pia)
        try s.run(.markDone, by: .anna)
        s.clock.advance(days: 3)
        try s.run(.expire, by: .system)
        return s
    }
}
