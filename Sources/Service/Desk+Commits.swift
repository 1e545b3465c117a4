/// The port's answers, in submit order: only here does committed state move.
extension Desk {
    typealias Settlement = DeskSettlement<A, Side>

    /// A commit posted back through the `CommitInbox`. Call on this desk's loop, in the order
    /// the inbox delivers them.
    func committed(_ commit: Commit) -> Settlement {
        guard let write = pipeline.take(commit.ticket) else { return .nothing }
        switch write.purpose {
        case .side(let side):
            return .side(side, ticket: commit.ticket, commit.result, replies: write.replies)
        case .events(let key, let events, let effects):
            return settle(events, of: key, ticket: commit.ticket, effects, write.replies, commit.result)
        }
    }

    private func settle(_ events: [A.Event], of key: A.Key, ticket: UInt64, _ effects: A.Effects,
                        _ replies: [DeskReply], _ result: Result<RecordOutcome, RecordError>) -> Settlement {
        // Commits return in submit order, so a mismatch cannot happen; if it does, trust the log.
        guard let record = records[key], record.pending.first == ticket, let first = events.first, let last = events.last
        else { return .diverged(key, replies: replies) }
        record.pending.removeFirst()
        switch result {
        case .success(.appended(_, let seqs)) where seqs == A.seq(of: first)...A.seq(of: last):
            var aggregate = record.committed
            record.committed = nil  // the local copy is then the only one: applying copies nothing
            do {
                for event in events {
                    if aggregate == nil { aggregate = try A(creating: event) } else { try aggregate!.apply(event) }
                }
            } catch {
                record.committed = aggregate  // the reload replaces it from the log
                return .diverged(key, replies: replies)
            }
            guard let aggregate else { return .nothing }
            record.committed = aggregate
            record.remember(events)
            return .committed(record, events, effects, replies: replies)
        case .success(.duplicate(_, let original)):
            return .duplicate(key, original: original, lastSeq: A.seq(of: last), replies: replies)
        case .success, .failure:
            return .diverged(key, replies: replies)
        }
    }
}
