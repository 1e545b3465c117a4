#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs a system call that returns -1 and sets errno on failure: EINTR is retried,
/// EAGAIN becomes `.wouldBlock`, EBADF/EFAULT stop the process (they are our bugs).
@inline(__always)
func syscall<T: FixedWidthInteger>(
    _ function: @autoclosure () -> String, _ body: () -> T
) throws(Errno) -> IOResult<T> {
    while true {
        let result = body()
        if result >= 0 { return .done(result) }
        let code = errno
        switch code {
        case EINTR: continue
        case EAGAIN: return .wouldBlock
        default:
            let error = Errno(code: code, function: function())
            precondition(!error.isProgrammerError, "\(error)")
            throw error
        }
    }
}

/// Like `syscall` for calls that never legitimately block (bind, epoll_ctl, …).
@inline(__always)
func blockingSyscall<T: FixedWidthInteger>(
    _ function: @autoclosure () -> String, _ body: () -> T
) throws(Errno) -> T {
    switch try syscall(function(), body) {
    case .done(let value): return value
    case .wouldBlock: throw Errno(code: EAGAIN, function: function())
    }
}
