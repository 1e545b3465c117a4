import Care

/// A visit this loop owns: the generic owned record with the visit's companion.
typealias OwnedVisit = OwnedRecord<Visit>

extension OwnedRecord where A == Visit {
    var id: VisitID { key }

    var receipts: ReadReceipts {
        get { companion.receipts }
        set { companion.receipts = newValue }
    }

    var projectedReceipts: ReadReceipts {
        get { companion.projectedReceipts }
        set { companion.projectedReceipts = newValue }
    }

    var openers: Int {
        get { companion.openers }
        set { companion.openers = newValue }
    }

    /// Nothing keeps it in memory: closed for good, nobody reading it, nothing in flight.
    var isIdle: Bool {
        committed?.state == .closed && pending.isEmpty && subscribers.isEmpty && openers == 0
    }
}
