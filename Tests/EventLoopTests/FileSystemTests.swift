import Testing
import Posix

@Suite struct FileSystemTests {
    @Test func procFilesAreReadToTheEndThoughTheyReportSizeZero() throws {
        let status = try #require(FileSystem.read("/proc/self/status"))
        #expect(String(decoding: status, as: UTF8.self).contains("VmRSS:"))
    }

    @Test func directoriesAndMissingFilesAreNil() {
        #expect(FileSystem.read("/proc") == nil)
        #expect(FileSystem.read("/nonexistent/file") == nil)
    }

    @Test func theLimitIsEnforced() {
        #expect(FileSystem.read("/proc/self/status", limit: 10) == nil)
    }
}
