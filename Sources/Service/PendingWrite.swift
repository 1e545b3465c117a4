import Care

/// A write the visit desk submitted and has not heard back about.
typealias PendingWrite = DeskWrite<Visit, VisitSideWrite>
