/// Decided events on their way to the log: projected at once, committed later.
extension Desk {
    enum Appended {
        case accepted(ticket: UInt64)
        /// The port's queue is full or it stopped: nothing was written.
        case busy
        /// The request could not be built or encoded: nothing was written.
        case malformed
    }

    /// Folds `events` into the projection, submits ONE request for them (built by `request`
    /// from the new projection) and keeps them pending. `creating`: the record was just made by
    /// `create` with the events already in its projection; a refusal forgets it again.
    func append(_ events: [A.Event], to record: Record, effects: A.Effects, replies: [DeskReply],
                creating: Bool = false, request: (A) throws -> A.Port.Request) -> Appended {
        var projected = record.projected
        // Let go of the stored copy so applying below mutates in place: an aggregate may grow
        // with every event (a visit's message index), and copying it per event made long ones
        // O(n²). Every path below stores a projection again (the new one, or the rebuilt old one).
        if !creating, let committed = record.committed { record.projected = committed }
        let built: A.Port.Request
        do {
            if !creating { for event in events { try projected.apply(event) } }
            built = try request(projected)
        } catch {
            refused(record, creating: creating)
            return .malformed
        }
        let write = Write(purpose: .events(record.key, events, effects), replies: replies)
        switch pipeline.submit(built, write) {
        case (.accepted, let ticket):
            record.projected = projected
            record.pending.append(ticket)
            return .accepted(ticket: ticket)
        case (.busy, _):
            refused(record, creating: creating)
            return .busy
        case (.malformed, _):
            refused(record, creating: creating)
            return .malformed
        }
    }

    /// The write in flight that records `seq`, if any: a resend of an event still in flight, or
    /// a no-op behind a change, is answered behind it.
    func holder(of seq: UInt64, in record: Record) -> UInt64? {
        record.pending.first { ticket in
            guard let last = pipeline[ticket]?.events?.last else { return false }
            return A.seq(of: last) >= seq
        }
    }

    private func refused(_ record: Record, creating: Bool) {
        if creating { records[record.key] = nil } else { restoreProjection(of: record) }
    }

    /// The projection without the write that was not submitted: the committed state plus the
    /// events of the writes still in flight (a rare path, so it may copy).
    private func restoreProjection(of record: Record) {
        guard var aggregate = record.committed else { return }
        for ticket in record.pending {
            for event in pipeline[ticket]?.events ?? [] { try? aggregate.apply(event) }
        }
        record.projected = aggregate
    }
}
