/// A carewire run's report: the summary for people, one JSON line for scripts, the verdict.
public struct CareResult: Sendable {
    public let config: LoadConfiguration
    public let connections: Int
    public let stats: CareStats
    /// Each load thread's own stats, in the order they ended (`stats` is their merge).
    public var perThread: [CareStats] = []
    /// Server CPU time (user + system) over the measured window, with `--server-pid`.
    public var serverCPUMicros: Int64?

    /// Every delivery a subscriber received in the window, plus the ack and the store write the
    /// message cost: the whole server, store writer included.
    public var serverCPUMicrosPerDelivery: Double? {
        guard let serverCPUMicros, stats.measuredDelivered > 0 else { return nil }
        return Double(serverCPUMicros) / Double(stats.measuredDelivered)
    }

    var scenario: Scenario { config.scenario }
    public var label: String { config.label ?? "\(scenario.rawValue)-carewire" }

    /// Names of the two histograms in this scenario.
    var latencyName: String {
        switch scenario {
        case .queue: "scheduled create → queue.added"
        case .storm: "reconnect → welcome + caught up"
        default: "scheduled send → visit.event"
        }
    }
    var secondName: String? {
        switch scenario {
        case .queue: "accept sent → queue.removed"
        case .storm: nil
        default: "scheduled send → ack (after the commit)"
        }
    }

    public var deliveriesPerSecond: Double { config.duration > 0 ? Double(stats.measuredDelivered) / config.duration : 0 }

    /// Nothing lost, missed, duplicated or misrouted, no error events, every connection made,
    /// the scenario completed.
    public var isClean: Bool {
        stats.lost == 0 && stats.secondLost == 0 && stats.missed == 0 && stats.duplicates == 0 && stats.wrongVisit == 0
            && stats.errorEvents == 0 && stats.errors == 0 && stats.connectFailures == 0 && stats.incomplete == nil
            && (scenario == .storm ? stats.reconnected > 0 : stats.measuredDelivered > 0)
    }

    public var summary: String {
        let s = stats
        var lines = ["\(label): \(scenario.rawValue), carewire.v1, \(s.connected)/\(connections) connections welcomed in \(fmt(s.connectSeconds)) s (\(s.connectFailures) failed), setup \(fmt(s.setupSeconds)) s, \(config.threads) load thread(s)"]
        switch scenario {
        case .storm:
            lines.append("  \(connections) connections (patients and their nurses); messages while away: sent \(s.sent), acked \(s.acked); back \(s.reconnected), all back in \(fmt(s.allBackSeconds)) s")
        default:
            lines.append("  rate \(fmt(config.rate))/s, \(fmt(config.warmup)) s warm-up + \(fmt(config.duration)) s measured; sent \(s.sent), acked \(s.acked)")
        }
        lines.append("  \(latencyName) µs: " + Self.quantiles(s.latency))
        if let secondName { lines.append("  \(secondName) µs: " + Self.quantiles(s.second)) }
        if scenario != .storm {
            lines.append("  send lag µs: p50 \(fmt(s.sendLag.micros(at: 50)))  p99 \(fmt(s.sendLag.micros(at: 99)))  max \(fmt(s.sendLag.maxMicros)); deliveries \(fmt(deliveriesPerSecond))/s measured")
        }
        var loss = "  expected \(s.expected), delivered \(s.delivered), lost \(s.lost)"
        if scenario == .queue { loss += "; removed: expected \(s.secondExpected), delivered \(s.secondDelivered), lost \(s.secondLost)" }
        lines.append(loss + "; missed \(s.missed), duplicates \(s.duplicates), wrong-visit \(s.wrongVisit)")
        let codes = s.errorCodes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        lines.append("  error events \(s.errorEvents)\(codes.isEmpty ? "" : " (\(codes))"), transport errors \(s.errors)"
            + (s.errorSamples.isEmpty ? "" : "; " + s.errorSamples.joined(separator: "; ")))
        if let perDelivery = serverCPUMicrosPerDelivery, let cpu = serverCPUMicros {
            lines.append("  server CPU \(fmt(Double(cpu) / 1e6)) s in the window, \(fmt(perDelivery)) µs per delivery (store included)")
        }
        if let incomplete = s.incomplete { lines.append("  INCOMPLETE: \(incomplete)") }
        return lines.joined(separator: "\n")
    }

    static func quantiles(_ h: LatencyHistogram) -> String {
        "p50 \(fmt(h.micros(at: 50)))  p90 \(fmt(h.micros(at: 90)))  p99 \(fmt(h.micros(at: 99)))  p99.9 \(fmt(h.micros(at: 99.9)))  max \(fmt(h.maxMicros))  (n \(h.count))"
    }

    public var json: JSONValue {
        let s = stats
        func quantiles(_ h: LatencyHistogram) -> JSONValue {
            .object([
                ("p50", .number(h.micros(at: 50))), ("p90", .number(h.micros(at: 90))), ("p99", .number(h.micros(at: 99))),
                ("p999", .number(h.micros(at: 99.9))), ("max", .number(h.maxMicros)), ("mean", .number(h.meanMicros)),
                ("count", .integer(Int64(h.count))),
            ])
        }
        let codes = JSONValue.object(s.errorCodes.sorted { $0.key < $1.key }.map { ($0.key, .integer(Int64($0.value))) })
        return .object([
            ("label", .string(label)), ("scenario", .string(scenario.rawValue)), ("protocol", .string("carewire")),
            ("url", .string(config.url)), ("connections", .integer(Int64(connections))), ("connected", .integer(Int64(s.connected))),
            ("connect_failures", .integer(Int64(s.connectFailures))), ("connect_seconds", .number(s.connectSeconds)),
            ("setup_seconds", .number(s.setupSeconds)), ("rate", .number(config.rate)), ("warmup_s", .number(config.warmup)),
            ("duration_s", .number(config.duration)), ("message_bytes", .integer(Int64(config.messageBytes))),
            ("threads", .integer(Int64(config.threads))),
            ("sent", .integer(Int64(s.sent))), ("acked", .integer(Int64(s.acked))), ("expected", .integer(Int64(s.expected))),
            ("delivered", .integer(Int64(s.delivered))), ("measured_deliveries", .integer(Int64(s.measuredDelivered))),
            ("deliveries_per_s", .number(deliveriesPerSecond)), ("lost", .integer(s.lost)),
            ("second_expected", .integer(Int64(s.secondExpected))), ("second_delivered", .integer(Int64(s.secondDelivered))),
            ("second_lost", .integer(s.secondLost)), ("missed", .integer(Int64(s.missed))),
            ("duplicates", .integer(Int64(s.duplicates))), ("wrong_visit", .integer(Int64(s.wrongVisit))),
            ("error_events", .integer(Int64(s.errorEvents))), ("error_codes", codes),
            ("errors", .integer(Int64(s.errors))), ("error_samples", .array(s.errorSamples.map { .string($0) })),
            ("reconnected", .integer(Int64(s.reconnected))), ("all_back_seconds", .number(s.allBackSeconds)),
            ("incomplete", s.incomplete.map { .string($0) } ?? .null),
            ("latency_us", quantiles(s.latency)), ("second_us", quantiles(s.second)), ("transit_us", quantiles(s.transit)),
            ("send_lag_us", quantiles(s.sendLag)), ("clean", .bool(isClean)),
            ("server_cpu_s", serverCPUMicros.map { .number(Double($0) / 1e6) } ?? .null),
            ("server_cpu_us_per_delivery", serverCPUMicrosPerDelivery.map { .number($0) } ?? .null),
            ("curve", .array(s.latency.curve().map { .array([.number($0.percentile), .number($0.micros)]) })),
        ])
    }
}
