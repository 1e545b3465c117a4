#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// An exclusive advisory lock on a file (flock), held until `unlock()` or the process ends (a
/// killed process releases it). Used so that one process at a time writes a database.
public final class FileLock: Sendable {
    private let fd: Mutex<Int32>

    /// Creates the file if needed and takes the lock without waiting. Throws EWOULDBLOCK
    /// (`isHeldElsewhere`) when another open file description holds it.
    public init(path: String) throws(Errno) {
        let fd = try blockingSyscall("open \(path)") { open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644) }
        do {
            _ = try blockingSyscall("flock \(path)") { flock(fd, LOCK_EX | LOCK_NB) }
        } catch {
            Descriptor.close(fd)
            throw error
        }
        self.fd = Mutex(fd)
    }

    /// Releases the lock (closing the descriptor). Idempotent.
    public func unlock() {
        fd.withLock { fd in
            guard fd >= 0 else { return }
            Descriptor.close(fd)
            fd = -1
        }
    }

    deinit { unlock() }
}

extension Errno {
    /// A non-blocking lock attempt found the lock taken.
    public var isHeldElsewhere: Bool { code == EWOULDBLOCK || code == EAGAIN }
}
