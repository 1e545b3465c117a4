#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TestSupport
import Testing
@testable import Store

/// The WAL is copied back by the checkpoint thread, not by the writer (whose autocheckpoint is
/// only a backstop at 10,000 pages, far above what this test writes).
@Suite struct CheckpointerTests {
    private func fileSize(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    @Test func committedPagesReachTheDatabaseFileWithoutTheWriterCheckpointing() throws {
        let directory = TemporaryDirectory()
        let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        defer { writer.stop() }
        let before = fileSize(directory.databasePath)
        for visit in 0..<50 {
            #expect(writer.write(Fixture.append("v\(visit)", 1)) == .success(.appended(visitID: "v\(visit)", seqs: 1...1)))
        }
        #expect(fileSize(directory.databasePath + "-wal") > 0)
        // Only a checkpoint writes table pages into the main file: wait for it (deadline 10 s).
        var grown = false
        for _ in 0..<1_000 where !grown {
            grown = fileSize(directory.databasePath) > before
            if !grown { usleep(10_000) }
        }
        #expect(grown, "no checkpoint copied the WAL into the database file within 10 s")
        let reader = try StoreReader(path: directory.databasePath)
        defer { reader.close() }
        #expect(try reader.lastSeq(visitID: "v49") == 1)
    }
}
