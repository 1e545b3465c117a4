#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A fresh directory under /tmp for one test's database, removed with its files.
final class TemporaryDirectory {
    let path: String

    init() {
        var template = Array("/tmp/carewire-service-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed: \(errno)")
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    var databasePath: String { path + "/carewire.db" }

    deinit {
        // SQLite's files only (db, -wal, -shm): no subdirectories.
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(databasePath + suffix) }
        rmdir(path)
    }
}
