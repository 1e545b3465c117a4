import Posix

extension LoadConfiguration {
    public static let usage = """
        usage: carewire-load SCENARIO --url ws://127.0.0.1:PORT [options]
               carewire-load chart --svg OUT.svg [--title T] LABEL=RUN.json ...
        scenarios: clinic (room-path or carewire), broadcast, max, connections (room-path); queue, storm (carewire)
        options:
          --protocol P              room-path (GET /r/ROOM) or carewire (carewire.v1 on /ws; clinic only:
                                    queue and storm always speak it)
          --connections N           connections (clinic 2000, broadcast 1001, connections 20000;
                                    queue: watchers 200; storm: patients 2000)
          --room-size N             members per room / devices per visit (clinic 4; broadcast: all
                                    connections); storm: visits per nurse connection (4)
          --rate PER_S              messages per second over all publishers (clinic 5000, broadcast 200;
                                    storm: while the patients are away, 2000); queue: visits created (20)
          --duration S              measured seconds after warm-up (20; max: per step 5; connections: hold 5;
                                    storm: how long the patients have to come back)
          --warmup S                seconds sent but not measured (3; max: 1)
          --drain S                 seconds to wait for in-flight deliveries after the last send (5)
          --message-bytes N         message size, at least 61 (100)
          --threads N               load threads, each with its own event loop (cores / 2)
          --source-addresses A,B    127.0.0.x addresses to bind (automatic above 20000 connections)
          --rate-step MSG_PER_S     max: rate added per step (5000)
          --max-p99-us US           max: a step holds while p99 <= this (10000)
          --token-secret TEXT       carewire: HS256 secret of the server's tokens (serve --demo's by default)
          --away S                  storm: seconds the patients stay disconnected (1)
          --acceptors N             queue: staff connections accepting the visits (4)
          --json PATH               also write the JSON line to PATH
          --svg PATH                write the latency percentile curve as SVG
          --server-pid PID          read the server's CPU time and RSS from /proc/PID
          --label TEXT              name of this run in reports and charts
          --quiet                   no progress lines
        """

    /// Parses `carewire-load SCENARIO --flag value ...` (arguments without the program name).
    public static func parse(_ arguments: [String]) throws(UsageError) -> LoadConfiguration {
        guard let name = arguments.first, !name.hasPrefix("-") else { throw UsageError("missing scenario") }
        guard let scenario = Scenario(rawValue: name) else { throw UsageError("unknown scenario \"\(name)\"") }
        var flags: [String: String] = [:]
        var quiet = false
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst() {
            guard flag.hasPrefix("--") else { throw UsageError("unexpected argument \"\(flag)\"") }
            if flag == "--quiet" { quiet = true; continue }
            guard let value = rest.popFirst() else { throw UsageError("\(flag) needs a value") }
            flags[String(flag.dropFirst(2))] = value
        }
        guard let url = flags.removeValue(forKey: "url") else { throw UsageError("--url is required") }
        var config = try LoadConfiguration(scenario: scenario, url: url)
        config.quiet = quiet
        func take<T>(_ key: String, _ convert: (String) -> T?, _ check: (T) -> Bool = { _ in true }) throws(UsageError) -> T? {
            guard let raw = flags.removeValue(forKey: key) else { return nil }
            guard let value = convert(raw), check(value) else { throw UsageError("--\(key): invalid value \"\(raw)\"") }
            return value
        }
        if let p = flags.removeValue(forKey: "protocol") {
            guard ["room-path", "carewire"].contains(p) else { throw UsageError("unknown protocol \"\(p)\"") }
            guard scenario.protocols.contains(p) else {
                throw UsageError("scenario \(scenario.rawValue) runs over \(scenario.protocols.joined(separator: " or ")), not \(p)")
            }
            config.protocolName = p
        }
        if let v = try take("connections", { Int($0) }, { $0 > 0 }) { config.connections = v }
        if let v = try take("room-size", { Int($0) }, { $0 >= 1 }) {
            config.roomSize = v
        } else if scenario == .broadcast {
            config.roomSize = config.connections  // one room holding everyone, however many
        }
        if let v = try take("rate", { Double($0) }, { $0 > 0 }) { config.rate = v }
        if let v = try take("duration", { Double($0) }, { $0 > 0 }) { config.duration = v }
        if let v = try take("warmup", { Double($0) }, { $0 >= 0 }) { config.warmup = v }
        if let v = try take("drain", { Double($0) }, { $0 >= 0 }) { config.drain = v }
        if let v = try take("message-bytes", { Int($0) }, { $0 >= MessageStamp.encodedBytes && $0 <= 1 << 20 }) {
            config.messageBytes = v
        }
        if let v = try take("threads", { Int($0) }, { $0 >= 1 && $0 <= 64 }) { config.threads = v }
        if let v = try take("rate-step", { Double($0) }, { $0 > 0 }) { config.rateStep = v }
        if let v = try take("max-p99-us", { Double($0) }, { $0 > 0 }) { config.maxP99Micros = v }
        if let v = try take("server-pid", { Int32($0) }, { $0 > 0 }) { config.serverPID = v }
        if let v = try take("source-addresses", { text -> [SocketAddress]? in
            let parts = text.split(separator: ",").map { SocketAddress(host: String($0), port: 0) }
            return parts.contains { $0 == nil } || parts.isEmpty ? nil : parts.compactMap { $0 }
        }) { config.sources = v }
        config.jsonPath = flags.removeValue(forKey: "json")
        config.svgPath = flags.removeValue(forKey: "svg")
        config.label = flags.removeValue(forKey: "label")
        if let v = flags.removeValue(forKey: "token-secret") {
            guard v.utf8.count >= 16 else { throw UsageError("--token-secret: at least 16 bytes (as the server requires)") }
            config.tokenSecret = v
        }
        if let v = try take("away", { Double($0) }, { $0 >= 0 }) { config.away = v }
        if let v = try take("acceptors", { Int($0) }, { $0 >= 1 }) { config.acceptors = v }
        if let unknown = flags.keys.sorted().first { throw UsageError("unknown option --\(unknown)") }
        if config.isCarewire && scenario == .clinic && config.roomSize < 2 {
            throw UsageError("--room-size: a carewire visit needs at least its patient and its nurse (2)")
        }
        config.chooseSources()
        return config
    }
}
