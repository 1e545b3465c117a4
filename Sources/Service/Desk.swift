/// The aggregates of one kind that one loop owns (see `VisitOwnership`): the generic half of a
/// desk. It keeps each aggregate's committed and projected state, submits appends and keeps
/// their tickets in submit order, folds commits in, and reloads from the log after a failure.
/// It tells nobody itself: its answers are values (`Appended`, `DeskSettlement`) that its user
/// (`VisitDesk`, the first) turns into outcomes, so a new aggregate adds a user, not a switch here.
///
/// Loop-confined, like its user: every call happens on the owning loop's thread.
final class Desk<A: OwnedAggregate, Side> {
    typealias Write = DeskWrite<A, Side>
    typealias Record = OwnedRecord<A>

    /// This loop's own reader of committed records.
    let log: A.Log
    let tailLimit: Int
    var records: [A.Key: Record] = [:]
    var pipeline: CommitPipeline<A.Port, Write>

    init(port: A.Port, inbox: any CommitInbox, log: A.Log, tailLimit: Int) {
        self.log = log
        self.tailLimit = tailLimit
        pipeline = CommitPipeline(port: port, inbox: inbox)
    }

    /// Writes submitted and not yet answered.
    var writesInFlight: Int { pipeline.count }

    /// Reads an aggregate from its log into memory; nil if the log has never seen it.
    func load(_ key: A.Key) throws -> Record? {
        guard let (aggregate, companion, events) = try A.load(key, from: log) else { return nil }
        let record = Record(loaded: aggregate, companion: companion, recent: events, tailLimit: tailLimit)
        records[key] = record
        return record
    }

    /// A new aggregate, in memory from now on; its created event is appended next.
    func create(_ aggregate: A, companion: A.Companion) -> Record {
        let record = Record(created: aggregate, companion: companion, tailLimit: tailLimit)
        records[aggregate.key] = record
        return record
    }

    enum Reloaded {
        /// Read again; subscribers carried over.
        case fresh(Record, old: Record)
        /// Gone from the log (its creation never committed) or unreadable.
        case gone(old: Record)
    }

    /// Drops an aggregate's memory and reads it again from the log, keeping its subscribers.
    /// Used when a write failed: the projected state (and possibly the committed one) may be
    /// ahead of the log. Call `abandon(_:)` first: writes behind a failure cannot commit.
    func reload(_ key: A.Key) -> Reloaded? {
        guard let old = records.removeValue(forKey: key) else { return nil }
        guard let fresh = try? load(key) else { return .gone(old: old) }
        fresh.subscribers = old.subscribers
        return .fresh(fresh, old: old)
    }

    /// The aggregate's writes still in flight, which can no longer commit (their first seq would
    /// leave a gap); their commits, when they come, find no write and are ignored.
    func abandon(_ record: Record) -> [Write] {
        let abandoned = record.pending.compactMap { pipeline.take($0) }
        record.pending = []
        return abandoned
    }
}

@available(*, unavailable) extension Desk: Sendable {}
