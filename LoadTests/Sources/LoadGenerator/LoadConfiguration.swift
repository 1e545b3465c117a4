import Posix

/// One invocation of carewire-load, after defaults and flags.
public struct LoadConfiguration: Sendable {
    struct Defaults {
        var connections: Int
        var roomSize: Int
        var rate: Double
        var duration: Double
        var warmup: Double
    }

    public var scenario: Scenario
    public var url: String
    public var host: String
    public var address: SocketAddress
    public var protocolName = "room-path"
    public var connections: Int
    public var roomSize: Int
    /// Messages per second over all publishers (for `max`: the first step).
    public var rate: Double
    public var duration: Double
    public var warmup: Double
    public var messageBytes = 100
    public var threads: Int
    public var sources: [SocketAddress] = []
    public var jsonPath: String?
    public var svgPath: String?
    public var serverPID: Int32?
    public var quiet = false
    /// Seconds to wait after the last send for deliveries still in flight.
    public var drain: Double = 5
    /// `max`: added to the rate after each step that held.
    public var rateStep: Double = 5_000
    /// `max`: a step holds while p99 stays at or below this (and nothing is lost).
    public var maxP99Micros: Double = 10_000
    public var label: String?
    /// carewire: the HS256 secret the server checks tokens with (default: `serve --demo`'s).
    public var tokenSecret = CareTokens.demoSecret
    /// storm: seconds the patients stay away.
    public var away: Double = 1
    /// queue: staff connections accepting the created visits.
    public var acceptors = 4

    public var isCarewire: Bool { protocolName == "carewire" }

    var careSettings: CareSettings {
        CareSettings(
            connections: connections, roomSize: roomSize, rate: rate, warmup: warmup, duration: duration, drain: drain,
            messageBytes: messageBytes, away: away, acceptors: acceptors)
    }

    /// Several 127.0.0.x sources once one address' ~28,000 ephemeral ports would not suffice.
    static let connectionsPerSource = 20_000

    init(scenario: Scenario, url: String) throws(UsageError) {
        self.scenario = scenario
        self.url = url
        (host, address) = try Self.parse(url: url)
        let d = scenario.defaults
        protocolName = scenario.protocols[0]
        connections = d.connections
        roomSize = d.roomSize
        rate = d.rate
        duration = d.duration
        warmup = d.warmup
        // Two cores are shared with the server under test: one load thread by default.
        threads = max(1, ProcessResources.coreCount / 2)
    }

    /// The source addresses to bind: the given ones, or enough of 127.0.0.1, .2, ... for the
    /// connection count (binding only when more than one is needed).
    mutating func chooseSources() {
        guard sources.isEmpty, connections > Self.connectionsPerSource else { return }
        let count = (connections + Self.connectionsPerSource - 1) / Self.connectionsPerSource
        sources = (1...count).compactMap { SocketAddress(host: "127.0.0.\($0)", port: 0) }
    }

    static func parse(url: String) throws(UsageError) -> (host: String, address: SocketAddress) {
        guard url.hasPrefix("ws://") else { throw UsageError("--url must start with ws:// (got \"\(url)\")") }
        let authority = url.dropFirst(5).prefix { $0 != "/" }
        guard let colon = authority.lastIndex(of: ":"), let port = UInt16(authority[authority.index(after: colon)...]),
            let address = SocketAddress(host: String(authority[..<colon]), port: port)
        else { throw UsageError("--url needs a numeric host and a port, e.g. ws://127.0.0.1:8080") }
        return (String(authority), address)
    }
}

public struct UsageError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
