/// A write a desk submitted and has not heard back about, with who to answer when it does.
/// `Side` is what the desk's user writes beside the aggregate's events (a visit: read marks and
/// audit records); the generic desk hands those back untouched.
struct DeskWrite<A: OwnedAggregate, Side> {
    enum Purpose {
        /// Events of one aggregate (its created event, a decision), in seq order.
        case events(A.Key, [A.Event], A.Effects)
        case side(Side)
    }

    var purpose: Purpose
    var replies: [DeskReply]

    /// The events this write records, if it records any.
    var events: [A.Event]? {
        if case .events(_, let events, _) = purpose { events } else { nil }
    }
}
