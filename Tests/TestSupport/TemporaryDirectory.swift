#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Posix

/// A fresh directory under /tmp, removed with its files when the value goes away.
/// Shared by the store, service and clinic tests.
public final class TemporaryDirectory {
    public let path: String

    public init() {
        var template = Array("/tmp/carewire-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed: \(errno)")
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public var databasePath: String { path + "/carewire.db" }

    deinit {
        // Only SQLite's files and the crash test's ack log live here: no subdirectories.
        for file in FileSystem.regularFiles(under: path) { unlink(path + "/" + file) }
        rmdir(path)
    }
}
