/// What a carewire scenario needs from the command line.
public struct CareSettings: Sendable {
    public var connections: Int
    /// clinic: devices per visit (4); storm: visits per nurse connection (4).
    public var roomSize: Int
    /// clinic: messages/s over all visits; queue: visits created/s; storm: messages/s while away.
    public var rate: Double
    public var warmup: Double
    /// clinic, queue: measured seconds; storm: how long to wait for everyone to be back.
    public var duration: Double
    public var drain: Double
    public var messageBytes: Int
    /// storm: seconds the patients stay away (messages are sent meanwhile).
    public var away: Double
    /// queue: staff connections accepting the created visits.
    public var acceptors: Int
}
