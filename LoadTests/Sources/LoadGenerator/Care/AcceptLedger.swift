import Care
import Synchronization

/// The queue scenario's accepts, shared by its load threads: an acceptor records when it accepted
/// a visit, and the watchers, on every thread, look that up when `queue.removed` arrives (the
/// latency runs from the accept). One uncontended lock per lookup is nothing at the queue's rate.
final class AcceptLedger: Sendable {
    struct Accept: Sendable {
        let sentAt: UInt64
        /// The visit was created inside the measured window.
        let measured: Bool
    }

    private let accepts = Mutex<[VisitID: Accept]>([:])

    /// Records the accept of `visit`; false when it was accepted already.
    func record(_ visit: VisitID, _ accept: Accept) -> Bool {
        accepts.withLock { all in
            guard all[visit] == nil else { return false }
            all[visit] = accept
            return true
        }
    }

    func accept(of visit: VisitID) -> Accept? { accepts.withLock { $0[visit] } }

    var count: Int { accepts.withLock { $0.count } }
}
