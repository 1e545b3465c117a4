#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A failed system call: the errno value and the call that set it.
public struct Errno: Error, Equatable, CustomStringConvertible, Sendable {
    public let code: Int32
    public let function: String

    public init(code: Int32, function: String) {
        self.code = code
        self.function = function
    }

    /// EBADF and EFAULT mean we passed a descriptor or pointer we do not own: a bug in us, not the world.
    var isProgrammerError: Bool { code == EBADF || code == EFAULT }

    public var description: String {
        "\(function): \(String(cString: strerror(code))) (errno \(code))"
    }
}

/// The outcome of a nonblocking call: it did something, or it would have had to wait.
public enum IOResult<Value> {
    case done(Value)
    case wouldBlock
}
