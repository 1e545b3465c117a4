import Care
import Testing

@Suite struct AccessPolicyTests {
    @Test func queuesAreForStaffWhoWorkThem() {
        #expect(AccessPolicy.canSubscribe(.anna, queue: Fixtures.nurses))
        #expect(AccessPolicy.canSubscribe(.bertil, queue: Resource(careProvider: Fixtures.region, unit: Fixtures.sandviken, role: .nurse)))
        #expect(!AccessPolicy.canSubscribe(.anna, queue: Resource(careProvider: Fixtures.region, unit: Fixtures.sandviken, role: .nurse)))
        #expect(!AccessPolicy.canSubscribe(.anna, queue: Fixtures.doctors))
        #expect(AccessPolicy.canSubscribe(.doris, queue: Fixtures.doctors))
        #expect(!AccessPolicy.canSubscribe(.pia, queue: Fixtures.nurses))
        #expect(!AccessPolicy.canSubscribe(.system, queue: Fixtures.nurses))
    }

    /// Unit ids are the providers' own: the same unit id and role under another provider is
    /// another queue, and a queue named without a provider (as the wire names it) is nobody's.
    @Test func queuesBelongToTheirCareProvider() {
        let elsewhere = Principal.staff(StaffMember(
            id: "staff-anna", displayName: "Anna Annan", careProvider: Fixtures.otherRegion, units: [Fixtures.gavle], role: .nurse))
        #expect(!AccessPolicy.canSubscribe(elsewhere, queue: Fixtures.nurses))
        #expect(AccessPolicy.canSubscribe(elsewhere, queue: Fixtures.nurses.scoped(to: Fixtures.otherRegion)))
        #expect(!AccessPolicy.canSubscribe(.anna, queue: Resource(unit: Fixtures.gavle, role: .nurse)))
        #expect(elsewhere.scope(Resource(unit: Fixtures.gavle, role: .nurse)) == Fixtures.nurses.scoped(to: Fixtures.otherRegion))
        #expect(Principal.pia.scope(Fixtures.nurses.scoped(to: "")) == Fixtures.nurses.scoped(to: ""))
    }

    @Test func patientsSeeAndReadOnlyTheirOwnVisits() throws {
        var s = try Scenario()
        func check() {
            #expect(AccessPolicy.canSee(.pia, s.visit) && AccessPolicy.canRead(.pia, s.visit))
            #expect(!AccessPolicy.canSee(.per, s.visit) && !AccessPolicy.canRead(.per, s.visit))
        }
        check()  // waiting
        try s.endedByAnna()
        check()  // async phase
    }

    @Test func queueStaffReadAWaitingVisitThenOnlyTheResponsibleDoes() throws {
        var s = try Scenario()
        for staff in [Principal.anna, .bertil] {
            #expect(AccessPolicy.canSee(staff, s.visit) && AccessPolicy.canRead(staff, s.visit))
        }
        try s.run(.accept, by: .anna)
        #expect(AccessPolicy.canRead(.anna, s.visit))
        #expect(AccessPolicy.canSee(.bertil, s.visit))  // still shows in the unit's lists as taken
        #expect(!AccessPolicy.canRead(.bertil, s.visit))
        try s.run(.start, by: .anna)
        try s.run(.end(asyncPhaseDays: 0, chargeForVisit: false), by: .anna)
        #expect(AccessPolicy.canRead(.anna, s.visit))  // closed visits stay readable for the record
        #expect(!AccessPolicy.canRead(.bertil, s.visit))
    }

    @Test func otherUnitsRolesAndCareProvidersSeeNothing() throws {
        var s = try Scenario()
        for stranger in [Principal.sven, .doris, .olle] {
            #expect(!AccessPolicy.canSee(stranger, s.visit) && !AccessPolicy.canRead(stranger, s.visit))
        }
        try s.endedByAnna()
        for stranger in [Principal.sven, .doris, .olle] {
            #expect(!AccessPolicy.canSee(stranger, s.visit) && !AccessPolicy.canRead(stranger, s.visit))
        }
    }

    @Test func responsibilityNeverCrossesCareProviders() throws {
        var s = try Scenario()
        try s.run(.accept, by: .anna)
        // The same staff id presented by another care provider's token is someone else.
        var impostor = Fixtures.anna
        impostor.careProvider = Fixtures.otherRegion
        #expect(!AccessPolicy.canSee(.staff(impostor), s.visit))
        #expect(!AccessPolicy.mayIssue(.start, .staff(impostor), s.visit))
    }

    @Test func billingStaffSeeOnlyChargedVisitsAndReadNone() throws {
        var charged = try Scenario()
        try charged.endedByAnna(charge: true)
        #expect(AccessPolicy.canSee(.kassa, charged.visit))
        #expect(!AccessPolicy.canRead(.kassa, charged.visit))
        var free = try Scenario()
        try free.endedByAnna(charge: false)
        #expect(!AccessPolicy.canSee(.kassa, free.visit))
        var otherProvider = Fixtures.kassa
        otherProvider.careProvider = Fixtures.otherRegion
        #expect(!AccessPolicy.canSee(.staff(otherProvider), charged.visit))
    }

    @Test func theSystemSeesEverythingButOnlyExpiresAndTriages() throws {
        var s = try Scenario()
        #expect(AccessPolicy.canSee(.system, s.visit) && AccessPolicy.canRead(.system, s.visit))
        #expect(AccessPolicy.mayIssue(.expire, .system, s.visit))
        #expect(!AccessPolicy.mayIssue(.accept, .system, s.visit))
        // Triage sets the priority of a waiting visit, never of one a clinician has taken.
        #expect(AccessPolicy.mayIssue(.changePriority(to: 2), .system, s.visit))
        try s.startedByAnna()
        #expect(!AccessPolicy.mayIssue(.changePriority(to: 2), .system, s.visit))
        #expect(!AccessPolicy.mayIssue(.start, .system, s.visit))
    }

    @Test func commandMatrixWhileInProgress() throws {
        var s = try Scenario()
        try s.startedByAnna()
        let expected: [(Principal, VisitCommand, Bool)] = [
            (.pia, .sendMessage(clientMessageID: "m", text: "x"), true),
            (.pia, .accept, false), (.pia, .start, false), (.pia, .changePriority(to: 1), false),
            (.pia, .end(asyncPhaseDays: 1, chargeForVisit: true), false), (.pia, .markDone, false),
            (.anna, .accept, true),  // allowed by policy; the state machine says conflict
            (.anna, .start, true), (.anna, .sendMessage(clientMessageID: "m", text: "x"), true),
            (.anna, .changePriority(to: 1), true), (.anna, .end(asyncPhaseDays: 1, chargeForVisit: true), true),
            (.anna, .markDone, true), (.anna, .expire, false),
            (.bertil, .accept, true), (.bertil, .start, false), (.bertil, .changePriority(to: 1), false),
            (.bertil, .sendMessage(clientMessageID: "m", text: "x"), false),
        ]
        for (principal, command, allowed) in expected {
            #expect(AccessPolicy.mayIssue(command, principal, s.visit) == allowed, "\(principal) \(command)")
        }
    }
}
