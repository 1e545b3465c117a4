/// The schema as ordered migration steps; `PRAGMA user_version` is the number of steps applied.
/// Steps are append-only: never edit a released step, add a new one.
/// Nothing is ever deleted (records are kept 10 years): triggers refuse DELETE everywhere and
/// UPDATE on the two logs, as a second line behind the store's code, which issues no DELETE.
enum Schema {
    static let steps: [String] = [
        // 1: visits (projection), their event logs, read receipts.
        """
        CREATE TABLE visits (
            visit_id TEXT PRIMARY KEY NOT NULL,
            patient_id TEXT NOT NULL,
            unit_id TEXT NOT NULL,
            role TEXT NOT NULL,
            state TEXT NOT NULL,
            last_seq INTEGER NOT NULL,
            snapshot BLOB NOT NULL,
            updated_ms INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX visits_by_patient ON visits(patient_id);
        -- Start-up recovery reads only open visits; the literal must match StoreReader's query.
        CREATE INDEX visits_open ON visits(visit_id) WHERE state <> 'closed';
        CREATE TABLE visit_events (
            visit_id TEXT NOT NULL REFERENCES visits(visit_id),
            seq INTEGER NOT NULL CHECK (seq >= 1),
            at_ms INTEGER NOT NULL,
            actor TEXT NOT NULL,
            kind TEXT NOT NULL,
            client_id TEXT,
            payload BLOB NOT NULL,
            PRIMARY KEY (visit_id, seq)
        ) STRICT;
        -- Idempotency: a client id is unique per visit and actor.
        CREATE UNIQUE INDEX visit_events_client_id ON visit_events(visit_id, actor, client_id)
            WHERE client_id IS NOT NULL;
        CREATE TABLE read_receipts (
            visit_id TEXT NOT NULL REFERENCES visits(visit_id),
            participant TEXT NOT NULL,
            up_to_seq INTEGER NOT NULL,
            at_ms INTEGER NOT NULL,
            PRIMARY KEY (visit_id, participant)
        ) STRICT, WITHOUT ROWID;
        """,
        // 2: the audit log (patient data law) and the notification outbox.
        """
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at_ms INTEGER NOT NULL,
            actor TEXT NOT NULL,
            actor_kind TEXT NOT NULL,
            actor_unit TEXT,
            patient_id TEXT,
            visit_id TEXT,
            action TEXT NOT NULL,
            detail TEXT
        ) STRICT;
        CREATE INDEX audit_by_patient ON audit_log(patient_id, id) WHERE patient_id IS NOT NULL;
        CREATE INDEX audit_by_actor ON audit_log(actor, id);
        CREATE TABLE notification_outbox (
            id INTEGER PRIMARY KEY,
            created_ms INTEGER NOT NULL,
            recipient TEXT NOT NULL,
            channel TEXT NOT NULL,
            template TEXT NOT NULL,
            payload BLOB NOT NULL,
            sent_ms INTEGER,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        ) STRICT;
        CREATE INDEX outbox_pending ON notification_outbox(id) WHERE sent_ms IS NULL;
        """,
        // 3: append-only and monotonic rules enforced by SQLite itself.
        """
        CREATE TRIGGER visit_events_no_update BEFORE UPDATE ON visit_events
            BEGIN SELECT RAISE(ABORT, 'visit_events is append-only'); END;
        CREATE TRIGGER visit_events_no_delete BEFORE DELETE ON visit_events
            BEGIN SELECT RAISE(ABORT, 'visit_events is append-only'); END;
        CREATE TRIGGER visit_events_gap_free BEFORE INSERT ON visit_events
            WHEN NEW.seq <> 1 + coalesce((SELECT max(seq) FROM visit_events WHERE visit_id = NEW.visit_id), 0)
            BEGIN SELECT RAISE(ABORT, 'visit_events: sequence gap'); END;
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER visits_no_delete BEFORE DELETE ON visits
            BEGIN SELECT RAISE(ABORT, 'visits are kept 10 years'); END;
        CREATE TRIGGER visits_last_seq_monotonic BEFORE UPDATE OF last_seq ON visits
            WHEN NEW.last_seq < OLD.last_seq
            BEGIN SELECT RAISE(ABORT, 'visits.last_seq never decreases'); END;
        CREATE TRIGGER read_receipts_no_delete BEFORE DELETE ON read_receipts
            BEGIN SELECT RAISE(ABORT, 'read receipts are kept 10 years'); END;
        CREATE TRIGGER read_receipts_monotonic BEFORE UPDATE OF up_to_seq ON read_receipts
            WHEN NEW.up_to_seq < OLD.up_to_seq
            BEGIN SELECT RAISE(ABORT, 'read receipts never move backwards'); END;
        CREATE TRIGGER notification_outbox_no_delete BEFORE DELETE ON notification_outbox
            BEGIN SELECT RAISE(ABORT, 'notifications are marked sent, never deleted'); END;
        """,
        // 4: who holds a visit, so a clinician's reconnect finds their visits and async inbox
        // without replaying logs. Back-filled from the snapshot (Care's JSON of the visit).
        """
        ALTER TABLE visits ADD COLUMN responsible_id TEXT;
        UPDATE visits SET responsible_id = json_extract(CAST(snapshot AS TEXT), '$.responsible.id');
        CREATE INDEX visits_by_responsible ON visits(responsible_id, state) WHERE responsible_id IS NOT NULL;
        -- The patients the service has met (from their tokens): staff views name them. Updated
        -- in place when a name changes; never deleted.
        CREATE TABLE patients (
            patient_id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            personal_identity_number TEXT NOT NULL,
            updated_ms INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE TRIGGER patients_no_delete BEFORE DELETE ON patients
            BEGIN SELECT RAISE(ABORT, 'patients are kept 10 years'); END;
        """,
        // 5: a client id's uniqueness per visit and actor is kept by the writer's VisitLedger (one
        // writing process, enforced by a lock file): the unique index put a random page of its
        // own into every commit. From here on `visits.last_seq` and `updated_ms` are those of the
        // snapshot (they change with the visit's state, not with every message); a visit's last
        // seq is max(seq) of its events.
        """
        DROP INDEX visit_events_client_id;
        """,
        // 6: staff ids and unit ids are issued per care provider: the audit names the provider
        // the staff member acted for (NULL for patients, the system, and records before this).
        """
        ALTER TABLE audit_log ADD COLUMN actor_provider TEXT;
        """,
    ]

    static var latestVersion: Int { steps.count }

    static func version(of database: SQLiteDatabase) throws(StoreError) -> Int {
        Int(try sqlite { () throws(SQLiteError) in try database.scalar("PRAGMA user_version") } ?? 0)
    }

    /// Applies the missing steps up to `target`, each in its own transaction together with its
    /// version bump, so a crash mid-migration leaves a consistent, resumable file.
    static func migrate(_ database: SQLiteDatabase, upTo target: Int = latestVersion) throws(StoreError) {
        let found = try version(of: database)
        guard found <= latestVersion else { throw .schemaTooNew(found: found, supported: latestVersion) }
        guard found < target else { return }
        for step in found..<target {
            try sqlite { () throws(SQLiteError) in
                try database.execute("BEGIN IMMEDIATE")
                do throws(SQLiteError) {
                    try database.execute(steps[step])
                    try database.execute("PRAGMA user_version = \(step + 1)")
                    try database.execute("COMMIT")
                } catch {
                    if database.isInTransaction { try? database.execute("ROLLBACK") }
                    throw error
                }
            }
        }
    }
}
