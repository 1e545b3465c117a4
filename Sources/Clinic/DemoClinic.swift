import Care
import Tokens

/// The demo clinic `make run` serves: one care provider, two health centres and an emergency
/// clinic, staff in three roles (also its staff directory) and a few patients (personal identity numbers from the Swedish tax agency's test
/// series: they belong to nobody). Its people get tokens from `POST /demo/token`.
public struct DemoClinic: Sendable {
    public struct Unit: Sendable, Hashable {
        public var id: UnitID
        public var name: String
    }

    public var careProvider: CareProviderID
    /// The care provider's name as staff see it (invented: the demo names no real provider).
    public var careProviderName: String
    /// The care provider's organisation number (invented, with a valid check digit): HSA ids are
    /// `SE` + it + `-` + a suffix.
    public var organisationNumber = "5599990008"
    public var units: [Unit]
    public var staff: [StaffMember]
    public var patients: [Patient]
    /// Lifetime of demo tokens.
    public var tokenSeconds: Int64 = 12 * 3600

    public static let standard: DemoClinic = {
        let provider = CareProviderID("norrsken")
        let bjorkdalen = UnitID("vc-bjorkdalen"), lovsta = UnitID("vc-lovsta"), sodra = UnitID("na-sodra")
        return DemoClinic(
            careProvider: provider, careProviderName: "Vårdbolaget Norrsken",
            units: [Unit(id: bjorkdalen, name: "Vårdcentralen Björkdalen"), Unit(id: lovsta, name: "Vårdcentralen Lövsta"),
                    Unit(id: sodra, name: "Närakuten Södra")],
            staff: [
                StaffMember(id: "staff-anna", displayName: "Anna Berg", careProvider: provider, units: [bjorkdalen, lovsta], role: .nurse),
                StaffMember(id: "staff-sara", displayName: "Sara Nilsson", careProvider: provider, units: [bjorkdalen], role: .nurse),
                StaffMember(id: "staff-erik", displayName: "Erik Lund", careProvider: provider, units: [bjorkdalen], role: .doctor),
                StaffMember(id: "staff-maria", displayName: "Maria Ek", careProvider: provider, units: [bjorkdalen], role: .administrator,
                            rights: [.billing]),
                StaffMember(id: "staff-ake", displayName: "Åke Strand", careProvider: provider, units: [lovsta, sodra], role: .doctor),
                StaffMember(id: "staff-lena", displayName: "Lena Holm", careProvider: provider, units: [sodra], role: .nurse),
            ],
            patients: [
                Patient(id: "patient-pia", displayName: "Pia Persson", personalIdentityNumber: "19121212-1212"),
                Patient(id: "patient-olle", displayName: "Olle Svensson", personalIdentityNumber: "19000101-0008"),
                Patient(id: "patient-lisa", displayName: "Lisa Andersson", personalIdentityNumber: "19010101-0007"),
            ])
    }()

    /// Waiting visits a fresh demo store starts with (patient, contact reason, text, priority,
    /// minutes waited), so the queue has cases, one of them waiting long enough to be flagged.
    public var waiting: [(patient: PatientID, reason: String, text: String, priority: Int, minutesAgo: Int)] = [
        ("patient-olle", "Ont i örat", "Värk i vänster öra sedan i går kväll, ingen feber.", 3, 22),
        ("patient-lisa", "Urinvägsinfektion", "Svider när jag kissar, täta trängningar sedan två dagar.", 2, 6),
    ]

    /// Where demo patients queue: the first unit's nurses.
    public var intake: ClinicConfiguration.Intake {
        .init(careProvider: careProvider, resource: Resource(careProvider: careProvider, unit: units[0].id, role: .nurse), defaultPriority: 3)
    }

    /// Token claims for a demo person, valid from `now` (seconds since 1970).
    public func claims(for subject: String, now: Int64) -> TokenClaims? {
        if let patient = patients.first(where: { $0.id.rawValue == subject }) {
            return TokenClaims(sub: subject, kind: .patient, name: patient.displayName, pin: patient.personalIdentityNumber,
                               exp: now + tokenSeconds, iat: now)
        }
        if let member = staff.first(where: { $0.id.rawValue == subject }) {
            return TokenClaims(sub: subject, kind: .staff, name: member.displayName, provider: member.careProvider.rawValue,
                               units: member.units.map(\.rawValue).sorted(), role: member.role.rawValue,
                               rights: member.rights.map(\.rawValue).sorted(), exp: now + tokenSeconds, iat: now)
        }
        return nil
    }
}

/// The demo's staff are its staff directory (HSA ids numbered in the order they are listed).
extension DemoClinic: StaffDirectorySource {
    public func load() throws(DirectoryError) -> StaffDirectory {
        let provider = StaffDirectory.CareProvider(
            id: careProvider, name: careProviderName,
            units: units.map { DirectoryUnit(id: $0.id, name: $0.name, careProvider: careProvider) })
        var people: [DirectoryPerson] = []
        for (number, member) in staff.enumerated() {
            let digits = String(number + 1)
            let suffix = "N" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
            guard let hsa = HSAID("SE\(organisationNumber)-\(suffix)") else { throw .unreadable("demo: bad HSA id") }
            people.append(DirectoryPerson(id: member.id, hsaID: hsa, name: member.displayName, careProvider: careProvider,
                                          role: member.role, units: member.units.sorted()))
        }
        return try StaffDirectory(careProviders: [provider], people: people)
    }
}
