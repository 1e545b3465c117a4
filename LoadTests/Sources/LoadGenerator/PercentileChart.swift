#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A latency percentile curve as hand-written SVG: x is the percentile on the usual HdrHistogram
/// scale (log of 1/(1−p), so 90, 99, 99.9 … are evenly spaced), y is latency in µs. One line
/// per series, so runs against several servers can share a chart.
public struct PercentileChart {
    public struct Series {
        public var label: String
        public var points: [(percentile: Double, micros: Double)]
        public init(label: String, points: [(percentile: Double, micros: Double)]) {
            self.label = label
            self.points = points
        }
    }

    public var title: String
    public var series: [Series]
    public var width = 720.0
    public var height = 400.0
    static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
    /// Right edge of the x axis: 99.999%.
    static let nines = 5.0

    public init(title: String, series: [Series]) {
        self.title = title
        self.series = series
    }

    /// Position on the x axis, 0...nines: how many nines the percentile has.
    static func nines(_ percentile: Double) -> Double {
        let remaining = max(1 - percentile / 100, 1e-9)
        return min(-log10(remaining), nines)
    }

    public func render() -> String {
        let left = 70.0, right = 170.0, top = 40.0, bottom = 50.0
        let plotW = width - left - right, plotH = height - top - bottom
        let yMax = Self.niceCeiling(series.flatMap { $0.points.map(\.micros) }.max() ?? 1)
        func x(_ p: Double) -> Double { left + Self.nines(p) / Self.nines * plotW }
        func y(_ v: Double) -> Double { top + plotH - min(v, yMax) / yMax * plotH }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(left))" y="22" font-size="14" font-weight="bold">\(Self.escape(title))</text>

            """
        for (index, label) in ["0%", "90%", "99%", "99.9%", "99.99%", "99.999%"].enumerated() {
            let px = left + Double(index) / Self.nines * plotW
            svg += "<line x1=\"\(f(px))\" y1=\"\(f(top))\" x2=\"\(f(px))\" y2=\"\(f(top + plotH))\" stroke=\"#ddd\"/>"
            svg += "<text x=\"\(f(px))\" y=\"\(f(top + plotH + 18))\" text-anchor=\"middle\">\(label)</text>\n"
        }
        for step in 0...5 {
            let value = yMax * Double(step) / 5
            let py = y(value)
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(py))\" x2=\"\(f(left + plotW))\" y2=\"\(f(py))\" stroke=\"#ddd\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(py + 4))\" text-anchor=\"end\">\(f(value))</text>\n"
        }
        svg += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">percentile</text>\n"
        svg += "<text transform=\"translate(16 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">latency (µs)</text>\n"
        svg += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"none\" stroke=\"#333\"/>\n"
        for (index, line) in series.enumerated() {
            let color = Self.colors[index % Self.colors.count]
            let points = line.points.map { "\(f(x($0.percentile))),\(f(y($0.micros)))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points)\"/>\n"
            let ly = top + 10 + Double(index) * 20
            svg += "<line x1=\"\(f(left + plotW + 12))\" y1=\"\(f(ly))\" x2=\"\(f(left + plotW + 32))\" y2=\"\(f(ly))\" stroke=\"\(color)\" stroke-width=\"2\"/>"
            svg += "<text x=\"\(f(left + plotW + 38))\" y=\"\(f(ly + 4))\">\(Self.escape(line.label))</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// 1, 2 or 5 times a power of ten, at least `value`.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        var magnitude = 1.0
        while magnitude * 10 <= value { magnitude *= 10 }
        while magnitude > value { magnitude /= 10 }
        for factor in [1.0, 2.0, 5.0, 10.0] where factor * magnitude >= value { return factor * magnitude }
        return 10 * magnitude
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    private func f(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
