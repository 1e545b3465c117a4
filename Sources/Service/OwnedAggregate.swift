import Care

/// What a desk needs of an aggregate to own it on one loop: a key (which also picks the loop,
/// `VisitOwnership.owner(of:)`), events numbered by a gap-free seq, the fold, and how to read it
/// back from its records. Decisions stay with the aggregate in Care (`decide`, pure); the desk
/// keeps its state, persists, and tells. Conformances live in Service, beside the record ports,
/// because Care knows no desks, ports or threads.
protocol OwnedAggregate {
    associatedtype Key: Identifier
    associatedtype Event
    /// What the desk keeps per subscriber (a visit: who reads it, for the audit of the end).
    associatedtype Reading
    /// State the desk keeps beside the fold (a visit: read receipts, opens in flight).
    associatedtype Companion
    /// What a committed append asks of the desk's user besides telling (a visit: a notification).
    associatedtype Effects
    /// Where committed records are read (lazy loads, reloads, resumes beyond the tail).
    associatedtype Log
    /// Where writes go.
    associatedtype Port: CommitPort

    var key: Key { get }
    var lastSeq: UInt64 { get }
    static func seq(of event: Event) -> UInt64
    /// The aggregate its first event creates.
    init(creating event: Event) throws
    mutating func apply(_ event: Event) throws

    /// The aggregate as its log says (all of it: the log is the truth), its companion, and its
    /// events (the desk keeps the newest as its tail); nil if the log has never seen it.
    static func load(_ key: Key, from log: Log) throws -> (Self, Companion, events: [Event])?
    /// Committed events with seq > `seq`, oldest first, at most `limit`.
    static func events(of key: Key, after seq: UInt64, limit: Int, from log: Log) throws -> [Event]
}
