import FoundationEssentials
import Posix

/// `carewire-load chart --svg OUT.svg [--title T] LABEL=RUN.json ...`: one chart with the
/// percentile curves of several runs (the "curve" member of their JSON lines).
enum ChartCommand {
    private struct Run: Decodable {
        var curve: [[Double]]
    }

    static func main(_ arguments: [String]) -> Int32 {
        var svgPath: String?
        var title = "latency (scheduled → received)"
        var series: [PercentileChart.Series] = []
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--svg": svgPath = rest.popFirst()
            case "--title": title = rest.popFirst() ?? title
            default:
                guard let equals = argument.firstIndex(of: "=") else { return fail("expected LABEL=RUN.json, got \"\(argument)\"") }
                let path = String(argument[argument.index(after: equals)...])
                guard let text = ProcFile.read(path), let line = text.split(separator: "\n").last,
                    let run = try? JSONDecoder().decode(Run.self, from: Data(line.utf8))
                else { return fail("cannot read a run's JSON line from \(path)") }
                let points = run.curve.compactMap { $0.count == 2 ? (percentile: $0[0], micros: $0[1]) : nil }
                series.append(.init(label: String(argument[..<equals]), points: points))
            }
        }
        guard let svgPath, !series.isEmpty else { return fail("usage: carewire-load chart --svg OUT.svg [--title T] LABEL=RUN.json ...") }
        return ProcFile.write(svgPath, PercentileChart(title: title, series: series).render()) ? 0 : fail("cannot write \(svgPath)")
    }

    private static func fail(_ message: String) -> Int32 {
        Output.standardError("carewire-load chart: \(message)\n")
        return 2
    }
}
