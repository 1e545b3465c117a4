/// One entry of a visit's append-only event log. The store reads only the indexed columns; the
/// payload is the domain event's JSON, opaque here (Care owns its shape).
public struct StoredEvent: Sendable, Equatable {
    public var visitID: String
    /// Gap-free per visit, starting at 1: the visit's total order.
    public var seq: Int64
    /// Wall-clock milliseconds, for display only; order comes from `seq`.
    public var atMilliseconds: Int64
    public var actor: String
    public var kind: String
    /// The sender's message id: resending it never appends twice.
    public var clientID: String?
    public var payload: [UInt8]

    public init(visitID: String, seq: Int64, atMilliseconds: Int64, actor: String, kind: String,
                clientID: String? = nil, payload: [UInt8]) {
        self.visitID = visitID
        self.seq = seq
        self.atMilliseconds = atMilliseconds
        self.actor = actor
        self.kind = kind
        self.clientID = clientID
        self.payload = payload
    }
}
