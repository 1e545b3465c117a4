import HTTP

/// HTTP requests answered by applications: at once or later, always in request order.
extension ClientSocket {
    func dispatch(_ request: HTTPRequest, to endpoint: Int, keepAlive: Bool, _ exchange: HTTPExchange) {
        exchange.sequence += 1
        exchange.pending = HTTPExchange.Pending(
            sequence: exchange.sequence, deadline: loop.eventLoop.now + context.replyTimeout,
            keepAlive: keepAlive, isHead: request.method == "HEAD")
        exchange.dispatching = true
        loop.applications[endpoint].request(request, responder: HTTPResponder(socket: self, sequence: exchange.sequence))
        exchange.dispatching = false
        if let pending = exchange.pending, case .http = phase {
            loop.eventLoop.setTimer(registration, deadline: pending.deadline)
        }
    }

    /// An application's answer. Ignored unless it answers the request still pending on this
    /// connection (not one that timed out, not a second answer, not after the close).
    func replied(_ reply: HTTPReply, to sequence: UInt64) {
        guard case .http(let exchange) = phase, let pending = exchange.pending, pending.sequence == sequence else { return }
        exchange.pending = nil
        respond(reply.response(omitBody: pending.isHead), keepAlive: pending.keepAlive)
        // Inside `request` the caller goes on with the bytes after this request itself.
        if !exchange.dispatching { resumeAfterAnswer(exchange) }
    }

    /// The pending request's deadline passed: the server answers 503 and closes, and the
    /// application's late answer is ignored.
    func replyTimedOut(_ exchange: HTTPExchange) {
        exchange.pending = nil
        exchange.backlog = []
        loop.logger.notice("application did not answer an HTTP request in time", metadata: ["conn": "\(id)"])
        respond(.text(503, "no answer in time\n", extraHeaders: [("Retry-After", "5")]), keepAlive: false)
    }

    /// Parses what arrived while the answer was pending, then reads again.
    private func resumeAfterAnswer(_ exchange: HTTPExchange) {
        guard case .http = phase else { return }
        nextRequest(exchange)
        let backlog = exchange.backlog
        exchange.backlog = []
        if !backlog.isEmpty { backlog.withUnsafeBytes { parseRequests($0, exchange) } }
        if exchange.backlog.count <= backlogLimit { pauseReading(false) }
    }

    /// The HTTP phase's one deadline: the pending answer's, or the request's (slowloris guard).
    func httpTimerFired(_ exchange: HTTPExchange, now: UInt64) {
        if let pending = exchange.pending {
            if now >= pending.deadline { replyTimedOut(exchange) } else {
                loop.eventLoop.setTimer(registration, deadline: pending.deadline)
            }
            return
        }
        guard now >= exchange.started + context.handshakeTimeout else {
            loop.eventLoop.setTimer(registration, deadline: exchange.started + context.handshakeTimeout)
            return
        }
        // The slot is freed at the deadline; a 408 tells an honest slow client why.
        // An idle keep-alive connection (no byte of a next request) just closes.
        if !exchange.framer.isIdle || exchange.started == connectedAt {
            respond(.text(408, "request not received in time\n"), keepAlive: false)
        } else {
            finish()
        }
    }
}
