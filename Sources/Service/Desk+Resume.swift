/// Resuming a subscriber from the last seq it has.
extension Desk {
    /// Committed events `after`+1 through `last`, from the tail if it holds them, else from the
    /// log; nil if they cannot all be had (gap-free or nothing).
    func missed(in record: Record, after: UInt64, through last: UInt64) -> [A.Event]? {
        guard after <= last else { return nil }  // never sent by this desk: the client must reload
        if let recent = record.events(after: after) { return recent }
        var events: [A.Event] = []
        var cursor = after
        let page = 1_000
        do {
            while cursor < last {
                let read = try A.events(of: record.key, after: cursor, limit: page, from: log)
                for event in read where A.seq(of: event) <= last { events.append(event) }
                guard let lastRead = read.last else { break }
                cursor = A.seq(of: lastRead)
                if read.count < page { break }
            }
        } catch {
            return nil
        }
        let complete = events.count == Int(last - after)
            && events.enumerated().allSatisfy { A.seq(of: $0.element) == after + 1 + UInt64($0.offset) }
        return complete ? events : nil
    }
}
