import Clinic
import Logging
import Posix
import SQLiteRecords
import Server

/// `carewire [serve] [options]` or `carewire token …`: parse, start, print the URL, wait for
/// SIGINT/SIGTERM, drain, close the store.
enum Command {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "token" {
            Process.exit(TokenCommand.run(Array(arguments.dropFirst()), environment: Environment.variables))
        }
        if arguments.first == "serve" { arguments.removeFirst() }
        if arguments.contains("--help") || arguments.contains("-h") {
            print(ServerConfiguration.usage + "\n\n" + CareOptions.usage + "\n\n" + TokenCommand.usage)
            return
        }
        let configuration: ServerConfiguration
        let care: CareOptions
        do {
            care = try CareOptions.extract(from: &arguments, environment: Environment.variables)
            configuration = try ServerConfiguration.parse(arguments: arguments, environment: Environment.variables)
        } catch {
            Output.standardError("carewire: \(error)\n")
            Process.exit(2)
        }
        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        LoggingSystem.bootstrap { LogfmtHandler(label: $0, level: level) }
        let logger = Logger(label: "carewire")

        Signals.blockTermination()
        var clinic: Clinic?
        let server: Server
        do {
            if let clinicConfiguration = care.clinic {
                let records = try SQLiteRecordStore(path: clinicConfiguration.databasePath)
                clinic = try Clinic(configuration: clinicConfiguration, records: records, logger: logger)
            } else {
                logger.warning("no token secret: /ws (carewire.v1) is not served; pass --token-secret or --demo")
            }
            server = try Server(configuration: configuration, logger: logger, applications: clinic.map { [$0.endpoint] } ?? [])
        } catch {
            Output.standardError("carewire: cannot start: \(error)\n")
            clinic?.stop()
            Process.exit(1)
        }
        Output.standardOutput("CareWire listening on \(server.url)\n")
        if let metricsURL = server.metricsURL { Output.standardOutput("CareWire metrics on \(metricsURL)\n") }
        if let clinic, let demo = clinic.configuration.demo {
            printDemoLinks(clinic, demo, base: server.url)
        }
        let signal = Signals.waitForTermination(onHangUp: { clinic?.reloadStaffDirectory() })
        logger.info("shutting down", metadata: ["signal": "\(signal)"])
        server.shutdown()
        server.wait()
        clinic?.stop()
        logger.info("stopped")
    }

    /// Ready-to-open links: the token travels in the fragment, which browsers never send.
    private static func printDemoLinks(_ clinic: Clinic, _ demo: DemoClinic, base: String) {
        let now = Int64(ProcessResources.wallClockSeconds())
        var lines = ["Demo (tokens valid \(demo.tokenSeconds / 3600) h):"]
        if let patient = demo.patients.first, let claims = demo.claims(for: patient.id.rawValue, now: now) {
            lines.append("  patient   \(patient.displayName): \(base)patient/#token=\(clinic.token(claims))")
        }
        if let nurse = demo.staff.first, let claims = demo.claims(for: nurse.id.rawValue, now: now) {
            lines.append("  clinician \(nurse.displayName): \(base)clinician/#token=\(clinic.token(claims))")
        }
        lines.append("  or pick anyone at \(base)")
        Output.standardOutput(lines.joined(separator: "\n") + "\n")
    }
}
