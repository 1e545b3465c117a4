import TestSupport
import Testing
@testable import Store

@Suite struct SchemaTests {
    @Test func anEmptyFileIsMigratedToTheLatestVersionWithDurablePragmas() throws {
        let directory = TemporaryDirectory()
        let database = try StoreDatabase.openWriter(path: directory.databasePath)
        #expect(try Schema.version(of: database) == Schema.latestVersion)
        #expect(try database.text("PRAGMA journal_mode") == "wal")
        #expect(try database.scalar("PRAGMA synchronous") == 2)  // FULL
        #expect(try database.scalar("PRAGMA foreign_keys") == 1)
        #expect(try database.scalar("PRAGMA busy_timeout") == 5_000)
        #expect(try database.scalar("PRAGMA wal_autocheckpoint") == 10_000)  // a backstop: the Checkpointer thread does the work
        let tables = try database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .query { $0.text(0) }
        #expect(tables == ["audit_log", "notification_outbox", "patients", "read_receipts", "visit_events", "visits"])
        // Opening again is a no-op migration.
        database.close()
        let again = try StoreDatabase.openWriter(path: directory.databasePath)
        #expect(try Schema.version(of: again) == Schema.latestVersion)
    }

    @Test func aVersionOneDatabaseIsUpgradedAndKeepsItsRows() throws {
        let directory = TemporaryDirectory()
        let old = try SQLiteDatabase(path: directory.databasePath)
        try Schema.migrate(old, upTo: 1)
        #expect(try Schema.version(of: old) == 1)
        try old.execute("""
            INSERT INTO visits VALUES ('v1', 'p1', 'u1', 'nurse', 'queued', 1, x'7b7d', 1);
            INSERT INTO visit_events VALUES ('v1', 1, 1, 'p1', 'message', 'c1', x'7b7d');
            """)
        old.close()

        let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        defer { writer.stop() }
        #expect(writer.write(Fixture.append("v1", 2)) == .success(.appended(visitID: "v1", seqs: 2...2)))
        // The upgrade brought the triggers: a gap is refused by the writer and by SQLite itself.
        #expect(writer.write(Fixture.append("v1", 4)) == .failure(.sequenceGap(visitID: "v1", expected: 3, got: 4)))
        let reader = try StoreReader(path: directory.databasePath)
        #expect(try reader.events(visitID: "v1", after: 0).map(\.seq) == [1, 2])
        #expect(try reader.events(visitID: "v1", after: 0).first?.clientID == "c1")
        #expect(try reader.pendingNotifications().isEmpty)  // a version-2 table
    }

    @Test func aDatabaseFromNewerCodeIsRefusedByWriterAndReader() throws {
        let directory = TemporaryDirectory()
        let newer = try SQLiteDatabase(path: directory.databasePath)
        try newer.execute("PRAGMA user_version = \(Schema.latestVersion + 1)")
        newer.close()
        let expected = StoreError.schemaTooNew(found: Schema.latestVersion + 1, supported: Schema.latestVersion)
        #expect(throws: expected) { try StoreWriter(configuration: .init(path: directory.databasePath)) }
        #expect(throws: expected) { try StoreReader(path: directory.databasePath) }
        #expect(expected.description.contains("newer than this build supports"))
    }

    @Test func aReaderRefusesAFileTheWriterHasNotMigrated() throws {
        let directory = TemporaryDirectory()
        let old = try SQLiteDatabase(path: directory.databasePath)
        try Schema.migrate(old, upTo: 1)
        try old.execute("PRAGMA journal_mode=WAL")
        #expect(throws: StoreError.schemaOutdated(found: 1, expected: Schema.latestVersion)) {
            try StoreReader(path: directory.databasePath)
        }
    }
}
