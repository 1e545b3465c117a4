#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads, gathered writes and close on a raw file descriptor.
public enum Descriptor {
    /// Reads into `buffer`; `.done(0)` is end of stream.
    @inline(__always)
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> IOResult<Int> {
        try syscall("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// Gathered write to a socket: sendmsg with MSG_NOSIGNAL, so a vanished peer is an EPIPE
    /// error for this connection, never a SIGPIPE for the process.
    @inline(__always)
    public static func writev(_ fd: Int32, _ vectors: UnsafePointer<iovec>, count: Int32) throws(Errno) -> IOResult<Int> {
        var message = msghdr()
        message.msg_iov = UnsafeMutablePointer(mutating: vectors)
        message.msg_iovlen = Int(count)
        return try syscall("sendmsg") { sendmsg(fd, &message, Int32(MSG_NOSIGNAL)) }
    }

    @inline(__always)
    public static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(Errno) -> IOResult<Int> {
        try syscall("write") { Glibc.write(fd, bytes.baseAddress, bytes.count) }
    }

    /// Closes exactly once; EINTR is not retried (on Linux the descriptor is gone either way).
    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }
}

/// One scatter/gather element for `Descriptor.writev`.
public typealias IOVector = iovec

extension IOVector {
    @inline(__always)
    public init(_ bytes: UnsafeRawBufferPointer) {
        self.init(iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress), iov_len: bytes.count)
    }
}
