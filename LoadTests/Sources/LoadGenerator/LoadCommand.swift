import Posix

/// The carewire-load command line: runs a scenario, prints the summary and one JSON line on
/// stdout (progress goes to stderr), writes --json and --svg. Exit status: 0 clean, 1 when the
/// run lost, misrouted or duplicated messages or had errors, 2 on a usage error.
public enum LoadCommand {
    public static func main(_ arguments: [String]) -> Int32 {
        if arguments.first == "chart" { return ChartCommand.main(Array(arguments.dropFirst())) }
        if arguments.isEmpty || arguments.first == "--help" || arguments.first == "-h" {
            Output.standardOutput(LoadConfiguration.usage + "\n")
            return arguments.isEmpty ? 2 : 0
        }
        do {
            let config = try LoadConfiguration.parse(arguments)
            let progress: (String) -> Void = config.quiet ? { _ in } : { Output.standardError("[carewire-load] \($0)\n") }
            switch config.scenario {
            case .max: return try runMax(config, progress: progress)
            case _ where config.isCarewire:
                let result = try CareRun(config: config, progress: progress).execute()
                report(result.summary, json: result.json, curve: result.stats.latency, config: config)
                return result.isClean ? 0 : 1
            default:
                let result = try RoomPathRun(config: config, rate: config.rate, label: label(config), progress: progress).execute()
                report(result.summary, json: result.json, curve: result.stats.latency, config: config)
                return result.isClean ? 0 : 1
            }
        } catch {
            Output.standardError("carewire-load: \(error)\n\n\(LoadConfiguration.usage)\n")
            return 2
        }
    }

    public static func exit(_ status: Int32) -> Never { Process.exit(status) }

    static func label(_ config: LoadConfiguration) -> String { config.label ?? config.scenario.rawValue }

    /// Steps the clinic layout's rate up until p99 exceeds the limit or anything is lost.
    static func runMax(_ config: LoadConfiguration, progress: @escaping (String) -> Void) throws(UsageError) -> Int32 {
        var rate = config.rate
        var held: RunResult?
        var steps: [JSONValue] = []
        var lines: [String] = []
        while true {
            progress("max: step at \(fmt(rate)) msg/s")
            let step = try RoomPathRun(config: config, rate: rate, label: "\(label(config)) @ \(fmt(rate))/s", progress: progress).execute()
            let p99 = step.stats.latency.micros(at: 99)
            let holds = step.isClean && p99 <= config.maxP99Micros && step.stats.measuredDelivered > 0
            lines.append("  \(fmt(rate)) msg/s: p99 \(fmt(p99)) µs, \(fmt(step.deliveriesPerSecond)) deliveries/s, lost \(step.lost), errors \(step.stats.errors), send lag p99 \(fmt(step.stats.sendLag.micros(at: 99))) µs → \(holds ? "held" : "did not hold")")
            steps.append(.object([
                ("rate", .number(rate)), ("p99_us", .number(p99)), ("deliveries_per_s", .number(step.deliveriesPerSecond)),
                ("lost", .integer(step.lost)), ("errors", .integer(Int64(step.stats.errors))), ("held", .bool(holds)),
            ]))
            guard holds else { break }
            held = step
            rate += config.rateStep
        }
        let highest = held?.rate ?? 0
        let summary = "\(label(config)): max, highest rate that held: \(fmt(highest)) msg/s (p99 ≤ \(fmt(config.maxP99Micros)) µs, no loss)\n" + lines.joined(separator: "\n")
            + (held.map { "\nat the highest rate:\n" + $0.summary } ?? "")
        var json: [(String, JSONValue)] = [
            ("label", .string(label(config))), ("scenario", .string("max")), ("protocol", .string("room-path")),
            ("highest_rate", .number(highest)), ("max_p99_us", .number(config.maxP99Micros)), ("steps", .array(steps)),
        ]
        if let held, case .object(let members) = held.json {
            json.append(("at_highest", .object(members.filter { $0.0 != "curve" })))
            json.append(("curve", members.first { $0.0 == "curve" }?.1 ?? .array([])))
        }
        report(summary, json: .object(json), curve: held?.stats.latency, config: config)
        return held == nil ? 1 : 0
    }

    static func report(_ summary: String, json: JSONValue, curve: LatencyHistogram?, config: LoadConfiguration) {
        let line = json.rendered
        Output.standardOutput(summary + "\n" + line + "\n")
        if let path = config.jsonPath, !ProcFile.write(path, line + "\n") {
            Output.standardError("carewire-load: cannot write \(path)\n")
        }
        if let path = config.svgPath, let curve {
            let chart = PercentileChart(
                title: "\(label(config)): \(config.scenario.rawValue) latency (scheduled → received)",
                series: [.init(label: label(config), points: curve.curve())])
            if !ProcFile.write(path, chart.render()) { Output.standardError("carewire-load: cannot write \(path)\n") }
        }
    }
}
