extension Visit {
    /// Decides a command against this visit: the owner calls it with commands in arrival order,
    /// persists the returned events, then `apply`s them. Pure: same inputs, same answer.
    ///
    /// Checks run in a fixed order, so each refusal has exactly one answer:
    /// 1. `notFound` unless the principal can see the visit;
    /// 2. a resent message (same author and client id) is `alreadyRecorded`, whatever the state,
    ///    so the client gets its ack even if the visit closed since;
    /// 3. `forbidden` unless the principal may give the command (`AccessPolicy.mayIssue`);
    /// 4. `invalid` for bad arguments;
    /// 5. `conflict` when the state does not allow it. A closed visit is read-only: every
    ///    command gets `conflict(.closed)` (not `invalid`: the request was fine, the state moved on).
    public func decide(_ command: VisitCommand, by principal: Principal, at now: Instant)
        -> Result<Decision, CareError>
    {
        guard AccessPolicy.canSee(principal, self) else { return .failure(.notFound) }
        if case .sendMessage(let clientMessageID, _) = command,
            let seq = recordedSeq(of: clientMessageID, by: principal.actor)
        {
            return .success(.alreadyRecorded(seq: seq))
        }
        guard AccessPolicy.mayIssue(command, principal, self) else { return .failure(.forbidden) }
        do {
            let bodies = try bodies(for: command, by: principal, at: now)
            let events = bodies.enumerated().map { offset, body in
                VisitEvent(visit: id, seq: lastSeq + 1 + UInt64(offset), at: now, actor: principal.actor, body: body)
            }
            return .success(.record(events))
        } catch {
            return .failure(error)
        }
    }

    private func bodies(for command: VisitCommand, by principal: Principal, at now: Instant)
        throws(CareError) -> [VisitEvent.Body]
    {
        switch command {
        case .accept:
            try requireOpen()
            guard state == .waiting else { throw .conflict(.alreadyAccepted) }
            guard case .staff(let staff) = principal else { throw .forbidden }
            return [.accepted(by: staff.clinician)]

        case .start:
            try requireOpen()
            guard case .accepted = state else { throw .conflict(.alreadyStarted) }
            guard let responsible else { throw .forbidden }
            return [.started(by: responsible), .message(clientMessageID: nil, text: Phrases.welcome(responsible))]

        case .sendMessage(let clientMessageID, let text):
            try Limits.checkClientMessageID(clientMessageID)
            try Limits.checkMessage(text)
            try requireOpen(at: now)
            switch state {
            case .waiting, .accepted: throw .conflict(.notStarted)
            case .inProgress, .asyncPhase, .closed: break
            }
            return [.message(clientMessageID: clientMessageID, text: text)]

        case .changePriority(let to):
            try Limits.checkPriority(to, for: kind)
            try requireOpen()
            return to == priority ? [] : [.priorityChanged(from: priority, to: to)]

        case .end(let days, let charge):
            guard let days else { throw .invalid(.missingAsyncPhaseDays) }
            guard Limits.asyncPhaseDays.contains(days) else { throw .invalid(.asyncPhaseDaysOutOfRange) }
            guard let charge else { throw .invalid(.missingChargeDecision) }
            try requireOpen()
            switch state {
            case .waiting, .accepted: throw .conflict(.notStarted)
            case .asyncPhase: throw .conflict(.alreadyEnded)
            case .inProgress, .closed: break
            }
            let ended = VisitEvent.Body.ended(
                asyncPhaseDays: days, chargeForVisit: charge, asyncPhaseEndsAt: now.adding(days: days))
            return days == 0 ? [ended, .closed(reason: .endedWithoutAsyncPhase)] : [ended]

        case .markDone:
            try requireOpen()
            guard case .asyncPhase = state else { throw .conflict(.notInAsyncPhase) }
            return asyncInbox == .needsAction ? [.markedDone] : []

        case .expire:
            try requireOpen()
            guard case .asyncPhase(let until) = state else { throw .conflict(.notInAsyncPhase) }
            guard now >= until else { throw .conflict(.asyncPhaseNotOver) }
            return [.closed(reason: .asyncPhaseExpired)]
        }
    }

    private func requireOpen() throws(CareError) {
        if state == .closed { throw .conflict(.closed) }
    }

    /// For writes: an async phase that has run out is closed for writing even before the
    /// service's `.expire` lands, so no message slips in after the deadline.
    private func requireOpen(at now: Instant) throws(CareError) {
        try requireOpen()
        if case .asyncPhase(let until) = state, now >= until { throw .conflict(.closed) }
    }
}
