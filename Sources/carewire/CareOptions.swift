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
    /// provider:unit:role where drop-in visits queue (the demo's own without --intake).
    var intake: ClinicConfiguration.Intake?
    var clockOffsetMilliseconds: Int64 = 0

    /// Used only with --demo and no secret of its own: demo tokens are public knowledge.
    static let demoSecret = "carewire-demo-secret-not-for-production"

    static let usage = """
        Care service (the carewire.v1 protocol on /ws):
          --database PATH        SQLite file, created on first start (carewire.db)
          --token-secret TEXT    HS256 secret of access tokens; /ws is served only with one (or --demo)
          --triage-key TEXT      bearer key of the triage service for POST /triage/priority
          --intake P:UNIT:ROLE   where drop-in visits queue (clinic24:vc-gavle:nurse)
          --demo                 demo directory, /demo/* login endpoints, a demo token secret
          --clock-offset-ms N    shifts the care service's clock (tests and drills only)
        Each also reads CAREWIRE_DATABASE, CAREWIRE_TOKEN_SECRET, CAREWIRE_TRIAGE_KEY, CAREWIRE_INTAKE, CAREWIRE_DEMO.
        """

    /// Removes the care flags from `arguments`; the rest is the server's.
    static func extract(from arguments: inout [String], environment: [String: String]) throws(ConfigurationError) -> CareOptions {
        var options = CareOptions()
        if let path = environment["CAREWIRE_DATABASE"] { options.databasePath = path }
        options.tokenSecret = environment["CAREWIRE_TOKEN_SECRET"]
        options.triageKey = environment["CAREWIRE_TRIAGE_KEY"]
        if let intake = environment["CAREWIRE_INTAKE"] { options.intake = try Self.intake(intake) }
        if let offset = environment["CAREWIRE_CLOCK_OFFSET_MS"] { options.clockOffsetMilliseconds = try Self.offset(offset) }
        if let demo = environment["CAREWIRE_DEMO"] { options.demo = ["1", "true", "yes", "on"].contains(demo.lowercased()) }
        var rest: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            var name = argument, inline: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            func value() throws(ConfigurationError) -> String {
                if let inline { return inline }
                index += 1
                guard index < arguments.count else { throw ConfigurationError(message: "\(name) needs a value") }
                return arguments[index]
            }
            switch name {
            case "--database": options.databasePath = try value()
            case "--token-secret": options.tokenSecret = try value()
            case "--triage-key": options.triageKey = try value()
            case "--intake": options.intake = try Self.intake(try value())
            case "--clock-offset-ms": options.clockOffsetMilliseconds = try Self.offset(try value())
            case "--demo": options.demo = true
            default: rest.append(argument)
            }
            index += 1
        }
        arguments = rest
        if let secret = options.tokenSecret, secret.utf8.count < 16 {
            throw ConfigurationError(message: "--token-secret: at least 16 bytes")
        }
        if options.databasePath.isEmpty { throw ConfigurationError(message: "--database: empty path") }
        return options
    }

    private static func offset(_ text: String) throws(ConfigurationError) -> Int64 {
        guard let value = Int64(text), abs(value) <= 3_650 * 86_400_000 else {
            throw ConfigurationError(message: "--clock-offset-ms: expected milliseconds within ±10 years, got \"\(text)\"")
        }
        return value
    }

    private static func intake(_ text: String) throws(ConfigurationError) -> ClinicConfiguration.Intake {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, let role = Role(rawValue: parts[2]) else {
            throw ConfigurationError(message: "--intake: expected PROVIDER:UNIT:ROLE (role one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))), got \"\(text)\"")
        }
        return .init(careProvider: CareProviderID(parts[0]), resource: Resource(unit: UnitID(parts[1]), role: role), defaultPriority: 3)
    }

    /// The clinic to run, or nil when /ws has no way to check tokens.
    var clinic: ClinicConfiguration? {
        guard let secret = tokenSecret ?? (demo ? Self.demoSecret : nil) else { return nil }
        let demoClinic = demo ? DemoClinic.standard : nil
        let intake = self.intake ?? demoClinic?.intake ?? .init(
            careProvider: "clinic24", resource: Resource(unit: "vc-gavle", role: .nurse), defaultPriority: 3)
        var configuration = ClinicConfiguration(databasePath: databasePath, tokenSecret: Array(secret.utf8), intake: intake)
        configuration.triageKey = triageKey
        configuration.demo = demoClinic
        configuration.clockOffsetMilliseconds = clockOffsetMilliseconds
        return configuration
    }
}
