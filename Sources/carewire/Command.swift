import Logging
import Posix
import Server

/// `carewire [serve] [options]`: parse, start, print the URL, wait for SIGINT/SIGTERM, drain.
enum Command {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "serve" { arguments.removeFirst() }
        if arguments.contains("--help") || arguments.contains("-h") {
            print(ServerConfiguration.usage)
            return
        }
        let configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration.parse(arguments: arguments, environment: Environment.variables)
        } catch {
            Output.standardError("carewire: \(error)\n")
            Process.exit(2)
        }
        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        LoggingSystem.bootstrap { LogfmtHandler(label: $0, level: level) }
        let logger = Logger(label: "carewire")

        Signals.blockTermination()
        let server: Server
        do {
            server = try Server(configuration: configuration, logger: logger)
        } catch {
            Output.standardError("carewire: cannot start: \(error)\n")
            Process.exit(1)
        }
        Output.standardOutput("CareWire listening on \(server.url)\n")
        let signal = Signals.waitForTermination()
        logger.info("shutting down", metadata: ["signal": "\(signal)"])
        server.shutdown()
        server.wait()
        logger.info("stopped")
    }
}
