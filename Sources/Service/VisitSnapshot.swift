import Care

/// What a subscriber gets when it opens a visit: its state (the fold of the log up to
/// `visit.lastSeq`) and how far each participant has read it.
public struct VisitSnapshot: Hashable, Sendable {
    public var visit: Visit
    public var receipts: ReadReceipts

    public init(visit: Visit, receipts: ReadReceipts) {
        self.visit = visit
        self.receipts = receipts
    }
}
