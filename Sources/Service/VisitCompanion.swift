import Care

/// What a visit's desk keeps beside the fold: read marks (committed, and including the writes
/// in flight, which decisions use), and opens whose audit record is in flight.
struct VisitCompanion {
    var receipts: ReadReceipts
    var projectedReceipts: ReadReceipts
    /// Opens whose audit record is in flight: they keep the visit in memory.
    var openers = 0

    init(receipts: ReadReceipts = ReadReceipts()) {
        self.receipts = receipts
        projectedReceipts = receipts
    }
}
