/// The scenarios of issue 4. `clinic` speaks either protocol; `broadcast`, `max` and
/// `connections` only room-path; `queue` and `storm` only carewire.
public enum Scenario: String, Sendable, CaseIterable {
    case clinic, broadcast, max, connections, queue, storm

    /// The protocols this scenario can run over (the first is the default).
    public var protocols: [String] {
        switch self {
        case .clinic: ["room-path", "carewire"]
        case .queue, .storm: ["carewire"]
        default: ["room-path"]
        }
    }

    /// The defaults; every one can be overridden by a flag.
    var defaults: LoadConfiguration.Defaults {
        switch self {
        case .clinic:
            .init(connections: 2_000, roomSize: 4, rate: 5_000, duration: 20, warmup: 3)
        case .queue:
            // 200 watchers; visits created per second; room size unused.
            .init(connections: 200, roomSize: 1, rate: 20, duration: 20, warmup: 3)
        case .storm:
            // 2,000 patients, one nurse connection per 4 visits; messages/s while they are away;
            // duration: how long everyone has to come back.
            .init(connections: 2_000, roomSize: 4, rate: 2_000, duration: 20, warmup: 0)
        case .broadcast:
            // One publisher and 1,000 subscribers in one room: 200 msg/s → 200,000 deliveries/s.
            .init(connections: 1_001, roomSize: 1_001, rate: 200, duration: 20, warmup: 3)
        case .max:
            // Clinic layout; each step is its own short run.
            .init(connections: 2_000, roomSize: 4, rate: 5_000, duration: 5, warmup: 1)
        case .connections:
            .init(connections: 20_000, roomSize: 4, rate: 0, duration: 5, warmup: 0)
        }
    }
}
