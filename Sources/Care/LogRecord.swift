/// One event as the log keeps it: the columns the store indexes and orders by, and the payload
/// with the rest of the event (docs/log-format.md). Together they decode to the event.
public struct LogRecord: Hashable, Sendable {
    public var visit: VisitID
    public var seq: UInt64
    public var at: Instant
    /// `patient:<id>`, `staff:<id>` or `system` (`LogCodec.actorKey`).
    public var actor: String
    /// An `EventKind` name.
    public var kind: String
    public var clientMessageID: ClientMessageID?
    public var payload: [UInt8]

    public init(visit: VisitID, seq: UInt64, at: Instant, actor: String, kind: String,
                clientMessageID: ClientMessageID?, payload: [UInt8]) {
        self.visit = visit
        self.seq = seq
        self.at = at
        self.actor = actor
        self.kind = kind
        self.clientMessageID = clientMessageID
        self.payload = payload
    }
}
