/// What one run measured, ready to print, write as JSON and chart.
public struct RunResult: Sendable {
    public var label: String
    public var scenario: Scenario
    public var url: String
    public var connections: Int
    public var roomSize: Int
    public var rooms: Int
    public var publishers: Int
    /// Messages per second scheduled over all publishers.
    public var rate: Double
    public var warmup: Double
    /// The measured window, in seconds (for `connections`: how long the idle connections were held).
    public var duration: Double
    public var messageBytes: Int
    public var threads: Int
    public var stats: ThreadStats
    public var connectFailures: Int
    public var connectSeconds: Double
    /// This process's CPU time over the measured window.
    public var clientCPUMicros: Int64 = 0
    /// The server's CPU time over the measured window and its RSS at the end of it (--server-pid).
    public var serverCPUMicros: Int64?
    public var serverRSSBytes: Int64?
    /// `connections`: the server's RSS before the first connection.
    public var serverBaselineRSSBytes: Int64?
    /// Sends still outstanding when the drain deadline passed (a server that fell behind).
    public var drainTimedOut = false

    public var lost: Int64 { Int64(stats.expected) - Int64(stats.delivered) }
    public var deliveriesPerSecond: Double { duration > 0 ? Double(stats.measuredDelivered) / duration : 0 }
    public var clientCPUPercent: Double { duration > 0 ? Double(clientCPUMicros) / (duration * 1e4) : 0 }

    public var serverCPUMicrosPerDelivery: Double? {
        guard let serverCPUMicros, stats.measuredDelivered > 0 else { return nil }
        return Double(serverCPUMicros) / Double(stats.measuredDelivered)
    }

    public var serverRSSPerConnection: Double? {
        guard let serverRSSBytes, let serverBaselineRSSBytes, stats.connected > 0 else { return nil }
        return Double(serverRSSBytes - serverBaselineRSSBytes) / Double(stats.connected)
    }

    /// Zero loss, nothing in the wrong room, no duplicates, no errors, every connection made.
    public var isClean: Bool {
        lost == 0 && stats.wrongRoom == 0 && stats.duplicates == 0 && stats.errors == 0 && connectFailures == 0
    }

    public var json: JSONValue {
        let l = stats.latency, t = stats.transit, s = stats.sendLag
        func quantiles(_ h: LatencyHistogram) -> JSONValue {
            .object([
                ("p50", .number(h.micros(at: 50))), ("p90", .number(h.micros(at: 90))), ("p99", .number(h.micros(at: 99))),
                ("p999", .number(h.micros(at: 99.9))), ("max", .number(h.maxMicros)), ("mean", .number(h.meanMicros)),
                ("count", .integer(Int64(h.count))),
            ])
        }
        func optional(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
        return .object([
            ("label", .string(label)), ("scenario", .string(scenario.rawValue)), ("protocol", .string("room-path")),
            ("url", .string(url)), ("connections", .integer(Int64(connections))),
            ("connected", .integer(Int64(stats.connected))), ("connect_failures", .integer(Int64(connectFailures))),
            ("connect_seconds", .number(connectSeconds)), ("room_size", .integer(Int64(roomSize))),
            ("rooms", .integer(Int64(rooms))), ("publishers", .integer(Int64(publishers))), ("rate", .number(rate)),
            ("warmup_s", .number(warmup)), ("duration_s", .number(duration)), ("message_bytes", .integer(Int64(messageBytes))),
            ("threads", .integer(Int64(threads))), ("sent", .integer(Int64(stats.sent))),
            ("expected", .integer(Int64(stats.expected))), ("delivered", .integer(Int64(stats.delivered))),
            ("measured_deliveries", .integer(Int64(stats.measuredDelivered))),
            ("deliveries_per_s", .number(deliveriesPerSecond)), ("lost", .integer(lost)),
            ("wrong_room", .integer(Int64(stats.wrongRoom))), ("duplicates", .integer(Int64(stats.duplicates))),
            ("errors", .integer(Int64(stats.errors))), ("error_samples", .array(stats.errorSamples.map { .string($0) })),
            ("drain_timed_out", .bool(drainTimedOut)),
            ("latency_us", quantiles(l)), ("transit_us", quantiles(t)), ("send_lag_us", quantiles(s)),
            ("client_cpu_s", .number(Double(clientCPUMicros) / 1e6)), ("client_cpu_percent", .number(clientCPUPercent)),
            ("server_cpu_s", optional(serverCPUMicros.map { Double($0) / 1e6 })),
            ("server_cpu_us_per_delivery", optional(serverCPUMicrosPerDelivery)),
            ("server_rss_bytes", optional(serverRSSBytes.map(Double.init))),
            ("server_rss_per_connection_bytes", optional(serverRSSPerConnection)),
            ("clean", .bool(isClean)),
            ("curve", .array(l.curve().map { .array([.number($0.percentile), .number($0.micros)]) })),
        ])
    }

    public var summary: String {
        var lines = ["\(label): \(scenario.rawValue), room-path, \(stats.connected)/\(connections) connections in \(rooms) rooms of \(roomSize) (\(connectFailures) failed, \(fmt(connectSeconds)) s to connect), \(threads) load thread(s)"]
        if scenario != .connections {
            let l = stats.latency
            lines.append("  rate \(fmt(rate)) msg/s × \(messageBytes) B, \(fmt(warmup)) s warm-up + \(fmt(duration)) s measured")
            lines.append("  latency µs (scheduled → received): p50 \(fmt(l.micros(at: 50)))  p90 \(fmt(l.micros(at: 90)))  p99 \(fmt(l.micros(at: 99)))  p99.9 \(fmt(l.micros(at: 99.9)))  max \(fmt(l.maxMicros))")
            lines.append("  transit µs (sent → received): p50 \(fmt(stats.transit.micros(at: 50)))  p99 \(fmt(stats.transit.micros(at: 99)))   send lag µs: p50 \(fmt(stats.sendLag.micros(at: 50)))  p99 \(fmt(stats.sendLag.micros(at: 99)))  max \(fmt(stats.sendLag.maxMicros))")
            lines.append("  deliveries: \(fmt(deliveriesPerSecond))/s measured; sent \(stats.sent), expected \(stats.expected), delivered \(stats.delivered), lost \(lost)\(drainTimedOut ? " (drain deadline passed)" : "")")
        }
        lines.append("  wrong-room \(stats.wrongRoom), duplicates \(stats.duplicates), errors \(stats.errors)\(stats.errorSamples.isEmpty ? "" : " (" + stats.errorSamples.joined(separator: "; ") + ")")")
        var cpu = "  client CPU \(fmt(clientCPUPercent))% of one core"
        if let perDelivery = serverCPUMicrosPerDelivery { cpu += "; server CPU \(fmt(perDelivery)) µs/delivery" }
        if let rss = serverRSSBytes { cpu += "; server RSS \(fmt(Double(rss) / 1_048_576)) MiB" }
        if let perConnection = serverRSSPerConnection { cpu += " (\(fmt(perConnection)) B per connection)" }
        lines.append(cpu)
        return lines.joined(separator: "\n")
    }
}

/// Up to 3 decimals, fewer for large numbers: summaries are read by people.
func fmt(_ value: Double) -> String {
    guard value.isFinite else { return "-" }
    let decimals = abs(value) >= 100 ? 0 : abs(value) >= 10 ? 1 : 2
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    if decimals == 0 { return String(Int64(rounded)) }
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
        let have = text.distance(from: dot, to: text.endIndex) - 1
        if have < decimals { text += String(repeating: "0", count: decimals - have) }
    }
    return text
}
