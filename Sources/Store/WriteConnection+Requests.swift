/// One request inside the open transaction (and its savepoint). Checks come before writes, so
/// the usual failures (gap, duplicate, unknown visit) cost no rollback work.
extension WriteConnection {
    func perform(_ request: WriteRequest) throws(StoreError) -> WriteOutcome {
        switch request {
        case .append(let append): try perform(append)
        case .readReceipt(let receipt): try perform(receipt)
        case .audit(let records): try perform(records)
        case .enqueueNotification(let notification): try enqueue(notification)
        case .registerPatient(let patient): try register(patient)
        case .markNotificationSent(let id, let at): try markNotificationSent(id: id, at: at)
        case .recordNotificationFailure(let id, let error): try recordNotificationFailure(id: id, error: error)
        }
    }

    private func register(_ patient: PatientRecord) throws(StoreError) -> WriteOutcome {
        try sqlite { () throws(SQLiteError) in
            try upsertPatient.run([.text(patient.patientID), .text(patient.name), .text(patient.personalIdentityNumber),
                                   .integer(patient.updatedMilliseconds)])
        }
        return .patientRegistered
    }

    private func perform(_ append: EventAppend) throws(StoreError) -> WriteOutcome {
        if let reason = append.malformation { throw .invalidRequest(reason) }
        let visit = append.visitID
        // Nil: no row for this visit yet, which only its first append (with the row) may create.
        let known = try ledger.entry(visit) { () throws(StoreError) in try ledgerEntry(visit) }
        if known == nil && append.projection == nil { throw .unknownVisit(visit) }
        // A resend of a stored client id is answered with the original seq, before the gap check:
        // the resend usually carries a seq the owner assigned again.
        var clientIDs: [(fingerprint: UInt64, seq: Int64)] = []
        for event in append.events {
            guard let clientID = event.clientID else { continue }
            let fingerprint = VisitLedger.fingerprint(actor: event.actor, clientID: clientID)
            if let known, known.contains(fingerprint) {
                let found = try sqlite { () throws(SQLiteError) in
                    try findClientID.query([.text(visit), .integer(known.oldestSeq), .text(event.actor), .text(clientID)]) { $0.int64(0) }
                }
                if let original = found.first { return .duplicate(visitID: visit, originalSeq: original) }
            }
            if clientIDs.contains(where: { $0.fingerprint == fingerprint }) {
                throw .invalidRequest("client id \(clientID) twice in one append")
            }
            clientIDs.append((fingerprint, event.seq))
        }
        let first = append.events[0].seq, last = append.events[append.events.count - 1].seq
        let expected = (known?.lastSeq ?? 0) + 1
        guard first == expected else { throw .sequenceGap(visitID: visit, expected: expected, got: first) }

        // The row changes only with the visit's state; a plain message touches no page of it.
        if let row = append.projection {
            try sqlite { () throws(SQLiteError) in
                try upsertProjection.run([
                    .text(visit), .text(row.patientID), .text(row.unitID), .text(row.role), .text(row.state),
                    .integer(last), .blob(row.snapshot), .integer(row.updatedMilliseconds), .text(row.responsibleID),
                ])
            }
        }
        for event in append.events {
            try sqlite { () throws(SQLiteError) in
                try insertEvent.run([
                    .text(visit), .integer(event.seq), .integer(event.atMilliseconds), .text(event.actor),
                    .text(event.kind), .text(event.clientID), .blob(event.payload),
                ])
            }
        }
        for notification in append.notifications { _ = try enqueue(notification) }
        ledger.appended(visit, lastSeq: last, clientIDs: clientIDs)
        return .appended(visitID: visit, seqs: first...last)
    }

    /// A visit's ledger entry from the log (its last seq and newest client ids); nil if the
    /// visit has no row. Reads at most `VisitLedger.window` events, however long the visit.
    private func ledgerEntry(_ visit: String) throws(StoreError) -> VisitWindow? {
        try sqlite { () throws(SQLiteError) in
            let exists = try visitExists.query([.text(visit)]) { _ in true }
            guard !exists.isEmpty else { return nil }
            let stored = try lastSeq.query([.text(visit)]) { $0.optionalInt64(0) }.first ?? nil
            let newest = try clientIDsOfVisit.query([.text(visit), .integer(Int64(VisitLedger.window))]) {
                (VisitLedger.fingerprint(actor: $0.text(0), clientID: $0.text(1)), $0.int64(2))
            }
            let entry = VisitWindow(lastSeq: stored ?? 0, size: VisitLedger.window)
            for (fingerprint, seq) in newest.reversed() { entry.remember(fingerprint, seq: seq) }
            return entry
        }
    }

    private func perform(_ receipt: ReadReceipt) throws(StoreError) -> WriteOutcome {
        let stored = try sqlite { () throws(SQLiteError) in
            try lastSeq.query([.text(receipt.visitID)]) { $0.optionalInt64(0) }
        }.first ?? nil
        guard let stored else {
            let exists = try sqlite { () throws(SQLiteError) in try visitExists.query([.text(receipt.visitID)]) { _ in true } }
            if exists.isEmpty { throw .unknownVisit(receipt.visitID) }
            throw .invalidRequest("read receipt for visit \(receipt.visitID), which has no events")
        }
        guard receipt.upToSeq >= 1, receipt.upToSeq <= stored else {
            throw .invalidRequest("read receipt up to \(receipt.upToSeq), visit \(receipt.visitID) ends at \(stored)")
        }
        // The upsert's WHERE keeps the higher value; read back what is now stored.
        let now = try sqlite { () throws(SQLiteError) in
            try upsertReceipt.run([
                .text(receipt.visitID), .text(receipt.participant), .integer(receipt.upToSeq), .integer(receipt.atMilliseconds),
            ])
            return try selectReceipt.query([.text(receipt.visitID), .text(receipt.participant)]) { $0.int64(0) }
        }
        return .receipt(upToSeq: now.first ?? receipt.upToSeq)
    }

    private func perform(_ records: [AuditRecord]) throws(StoreError) -> WriteOutcome {
        var ids: [Int64] = []
        ids.reserveCapacity(records.count)
        for record in records {
            try sqlite { () throws(SQLiteError) in
                try insertAudit.run([
                    .integer(record.atMilliseconds), .text(record.actor), .text(record.actorKind), .text(record.actorUnit),
                    .text(record.patientID), .text(record.visitID), .text(record.action), .text(record.detail),
                    .text(record.actorProvider),
                ])
            }
            ids.append(database.lastInsertRowID)
        }
        return .audited(ids: ids)
    }

    private func enqueue(_ notification: OutboxNotification) throws(StoreError) -> WriteOutcome {
        try sqlite { () throws(SQLiteError) in
            try insertNotification.run([
                .integer(notification.createdMilliseconds), .text(notification.recipient), .text(notification.channel),
                .text(notification.template), .blob(notification.payload),
            ])
        }
        return .notificationQueued(id: database.lastInsertRowID)
    }

    private func markNotificationSent(id: Int64, at: Int64) throws(StoreError) -> WriteOutcome {
        try sqlite { () throws(SQLiteError) in try markSent.run([.integer(at), .integer(id)]) }
        // Zero rows: either unknown, or already sent (a repeated mark is not an error).
        if database.changes == 0 { try requireNotification(id) }
        return .notificationUpdated(id: id)
    }

    private func recordNotificationFailure(id: Int64, error: String) throws(StoreError) -> WriteOutcome {
        try sqlite { () throws(SQLiteError) in try recordFailure.run([.text(error), .integer(id)]) }
        if database.changes == 0 { throw .unknownNotification(id) }
        return .notificationUpdated(id: id)
    }

    private func requireNotification(_ id: Int64) throws(StoreError) {
        let found = try sqlite { () throws(SQLiteError) in try notificationExists.query([.integer(id)]) { _ in true } }
        if found.isEmpty { throw .unknownNotification(id) }
    }
}
