/// Bounds on what a peer may make us buffer. Every one is checked from a frame header, before
/// the payload it announces is buffered.
public struct WebSocketLimits: Sendable, Equatable {
    /// Largest single frame payload on the wire.
    public var maxFrameBytes: Int
    /// Largest message on the wire (for a compressed message, its compressed size).
    public var maxMessageBytes: Int
    /// Most frames one message may be split into.
    public var maxFragments: Int
    /// Largest message after inflating (the zip-bomb ceiling).
    public var maxInflatedBytes: Int

    public init(
        maxFrameBytes: Int = 1 << 20,
        maxMessageBytes: Int = 1 << 20,
        maxFragments: Int = 1024,
        maxInflatedBytes: Int = 1 << 20
    ) {
        self.maxFrameBytes = maxFrameBytes
        self.maxMessageBytes = maxMessageBytes
        self.maxFragments = maxFragments
        self.maxInflatedBytes = maxInflatedBytes
    }
}
