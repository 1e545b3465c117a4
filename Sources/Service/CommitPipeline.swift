/// A desk's writes in flight. Each gets a ticket in submit order; its answer comes back through
/// the inbox as a `Commit` carrying that ticket, in the same order (the port's contract).
struct CommitPipeline<Port: CommitPort, Write> {
    /// `malformed`: the port could not encode the write (nothing was queued).
    enum Submitted { case accepted, busy, malformed }

    let port: Port
    let inbox: any CommitInbox
    private var inFlight: [UInt64: Write] = [:]
    private var nextTicket: UInt64 = 1

    init(port: Port, inbox: any CommitInbox) {
        self.port = port
        self.inbox = inbox
    }

    /// Hands a request to the port and keeps `write` until its commit comes back.
    mutating func submit(_ request: Port.Request, _ write: Write) -> (Submitted, ticket: UInt64) {
        let ticket = nextTicket
        nextTicket += 1
        let inbox = inbox
        switch port.submit(request, completion: { inbox.post(Commit(ticket: ticket, result: $0)) }) {
        case .accepted:
            inFlight[ticket] = write
            return (.accepted, ticket)
        case .busy, .stopped:
            return (.busy, ticket)
        case .malformed:
            return (.malformed, ticket)
        }
    }

    /// The write a commit answers; nil for a ticket already taken (abandoned after a failure).
    mutating func take(_ ticket: UInt64) -> Write? { inFlight.removeValue(forKey: ticket) }

    subscript(ticket: UInt64) -> Write? {
        get { inFlight[ticket] }
        _modify { yield &inFlight[ticket] }
    }

    /// Writes submitted and not yet answered.
    var count: Int { inFlight.count }
}
