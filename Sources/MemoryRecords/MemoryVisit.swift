import Care
import Service

/// A visit as the memory store keeps it: its log, and its state as of the last append that
/// carried one (like the SQLite summary row, chat does not move it).
struct MemoryVisit {
    var state: Visit
    var updated: Instant
    var log: [LoggedEvent] = []
    var marks: [Party: UInt64] = [:]
    /// Participants in the order they first marked, so reads are deterministic.
    var readers: [Party] = []

    var lastSeq: UInt64 { log.last?.event.seq ?? 0 }

    /// The original seq of a resend: the client id among the visit's newest `window` client ids.
    func original(of actor: Party, _ clientID: ClientMessageID, window: Int) -> UInt64? {
        var seen = 0
        for entry in log.reversed() {
            guard case .message(let id?, _) = entry.event.body else { continue }
            if entry.event.actor == actor && id == clientID { return entry.event.seq }
            seen += 1
            if seen == window { return nil }
        }
        return nil
    }
}
