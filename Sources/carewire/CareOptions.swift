import Care
import Clinic
import Server

/// The care service's flags and CAREWIRE_* variables, taken out of the argument list before the
/// server's own parser sees it. Without a token secret (and without --demo) /ws is not served.
struct CareOptions {
    var databasePath = "carewire.db"
    var tokenSecret: String?
    var triageKey: String?
    var demo = false
    /// A staff directory JSON file (the demo's staff without it, in demo mode).
    var staffDirectoryPath: String?
    /// provider:unit:role where drop-in visits queue (the demo's own without --intake).
    var intake: ClinicConfiguration.Intake?
    var clockOffsetMilliseconds: Int64 = 0
    var limits = SessionLimits()

    /// Used only with --demo and no secret of its own: demo tokens are public knowledge.
    static let demoSecret = "carewire-demo-secret-not-for-production"

    static let usage = """
        Care service (the carewire.v1 protocol on /ws):
          --database PATH        SQLite file, created on first start (carewire.db)
          --token-secret TEXT    HS256 secret of access tokens; /ws is served only with one (or --demo)
          --triage-key TEXT      bearer key of the triage service for POST /triage/priority
          --intake P:UNIT:ROLE   where drop-in visits queue (norrsken:vc-bjorkdalen:nurse)
          --demo                 demo directory, /demo/* login endpoints, a demo token secret
          --staff-directory PATH staff directory JSON (care provider → unit → role → person; the demo's without it)
          --clock-offset-ms N    shifts the care service's clock (tests and drills only)
          --open-visits-per-patient N    visits a patient may have waiting, accepted or in progress (2; 1-10000)
          --visits-per-patient-per-hour N  new visits a patient may create in an hour (10; 1-1000000)
        Each also reads CAREWIRE_DATABASE, CAREWIRE_TOKEN_SECRET, CAREWIRE_TRIAGE_KEY, CAREWIRE_INTAKE,
        CAREWIRE_CLOCK_OFFSET_MS, CAREWIRE_OPEN_VISITS_PER_PATIENT, CAREWIRE_VISITS_PER_PATIENT_PER_HOUR,
        CAREWIRE_STAFF_DIRECTORY, CAREWIRE_DEMO (1/0, true/false, yes/no, on/off).
        """

    private static let table = OptionTable<CareOptions>(options: [
        .init("database", "SQLite file") { o, v throws(ConfigurationError) in o.databasePath = v },
        .init("token-secret", "HS256 secret") { o, v throws(ConfigurationError) in o.tokenSecret = v },
        .init("triage-key", "triage bearer key") { o, v throws(ConfigurationError) in o.triageKey = v },
        .init("staff-directory", "staff directory JSON") { o, v throws(ConfigurationError) in o.staffDirectoryPath = v },
        .init("intake", "PROVIDER:UNIT:ROLE") { o, v throws(ConfigurationError) in o.intake = try intake(v) },
        .init("clock-offset-ms", "clock shift") { o, v throws(ConfigurationError) in o.clockOffsetMilliseconds = try offset(v) },
        .init("open-visits-per-patient", "open visits per patient") { o, v throws(ConfigurationError) in
            o.limits.openVisitsPerPatient = try count(v, "open-visits-per-patient", 1...10_000)
        },
        .init("visits-per-patient-per-hour", "new visits per patient and hour") { o, v throws(ConfigurationError) in
            o.limits.visitsPerPatientPerHour = try count(v, "visits-per-patient-per-hour", 1...1_000_000)
        },
    ], switches: [
        .init("demo", "demo clinic") { $0.demo = $1 },
    ])

    /// Removes the care flags from `arguments` (after CAREWIRE_* variables); the rest is the server's.
    static func extract(from arguments: inout [String], environment: [String: String]) throws(ConfigurationError) -> CareOptions {
        var options = CareOptions()
        arguments = try table.apply(arguments: arguments, environment: environment, to: &options, keepingUnknown: true)
        if let secret = options.tokenSecret, secret.utf8.count < 16 {
            throw ConfigurationError(message: "--token-secret: at least 16 bytes")
        }
        if options.databasePath.isEmpty { throw ConfigurationError(message: "--database: empty path") }
        return options
    }

    private static func offset(_ text: String) throws(ConfigurationError) -> Int64 {
        // A range, not abs(): abs(Int64.min) traps.
        guard let value = Int64(text), (-3_650 * 86_400_000...3_650 * 86_400_000).contains(value) else {
            throw ConfigurationError(message: "--clock-offset-ms: expected milliseconds within ±10 years, got \"\(text)\"")
        }
        return value
    }

    private static func count(_ text: String, _ flag: String, _ range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(message: "--\(flag): expected \(range.lowerBound)-\(range.upperBound), got \"\(text)\"")
        }
        return value
    }

    private static func intake(_ text: String) throws(ConfigurationError) -> ClinicConfiguration.Intake {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, let role = Role(rawValue: parts[2]) else {
            throw ConfigurationError(message: "--intake: expected PROVIDER:UNIT:ROLE (role one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))), got \"\(text)\"")
        }
        return .init(careProvider: CareProviderID(parts[0]), resource: Resource(careProvider: CareProviderID(parts[0]), unit: UnitID(parts[1]), role: role), defaultPriority: 3)
    }

    /// The clinic to run, or nil when /ws has no way to check tokens.
    var clinic: ClinicConfiguration? {
        guard let secret = tokenSecret ?? (demo ? Self.demoSecret : nil) else { return nil }
        let demoClinic = demo ? DemoClinic.standard : nil
        let intake = self.intake ?? demoClinic?.intake ?? .init(
            careProvider: "norrsken", resource: Resource(careProvider: "norrsken", unit: "vc-bjorkdalen", role: .nurse), defaultPriority: 3)
        var configuration = ClinicConfiguration(databasePath: databasePath, tokenSecret: Array(secret.utf8), intake: intake)
        configuration.triageKey = triageKey
        configuration.demo = demoClinic
        configuration.staffDirectory = staffDirectoryPath.map(StaffDirectoryFile.init(path:))
        configuration.clockOffsetMilliseconds = clockOffsetMilliseconds
        configuration.limits = limits
        return configuration
    }
}
