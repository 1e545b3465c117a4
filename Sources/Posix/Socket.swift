#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSystemShims

/// Stream sockets, nonblocking and close-on-exec from birth. C names kept so they grep against man pages.
public enum Socket {
    private static let streamFlags = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)

    /// A listening socket; with `reusePort` several loops can each bind one to the same port.
    public static func listen(on address: SocketAddress, reusePort: Bool, backlog: Int32 = 4096) throws(Errno) -> Int32 {
        let fd = try blockingSyscall("socket") { Glibc.socket(address.family, streamFlags, 0) }
        do {
            try setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
            if reusePort { try setOption(fd, SOL_SOCKET, SO_REUSEPORT, 1) }
            _ = try blockingSyscall("bind \(address)") { address.withSockaddr { Glibc.bind(fd, $0, $1) } }
            _ = try blockingSyscall("listen") { Glibc.listen(fd, backlog) }
        } catch {
            Glibc.close(fd)
            throw error
        }
        return fd
    }

    /// Connects a nonblocking client socket; `.wouldBlock` means EINPROGRESS (wait for writable).
    public static func connect(to address: SocketAddress, from source: SocketAddress? = nil) throws(Errno) -> (fd: Int32, pending: Bool) {
        let fd = try blockingSyscall("socket") { Glibc.socket(address.family, streamFlags, 0) }
        if let source {
            do { _ = try blockingSyscall("bind \(source)") { source.withSockaddr { Glibc.bind(fd, $0, $1) } } } catch {
                Glibc.close(fd)
                throw error
            }
        }
        let rc = address.withSockaddr { Glibc.connect(fd, $0, $1) }
        if rc == 0 { return (fd, false) }
        let code = errno
        if code == EINPROGRESS { return (fd, true) }
        Glibc.close(fd)
        throw Errno(code: code, function: "connect \(address)")
    }

    /// The port a socket is bound to (after binding to port 0).
    public static func localPort(_ fd: Int32) throws(Errno) -> UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try blockingSyscall("getsockname") {
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
        }
        return withUnsafeBytes(of: &storage) { raw in
            // sin_port and sin6_port sit at the same offset, right after the family.
            UInt16(bigEndian: raw.load(fromByteOffset: 2, as: UInt16.self))
        }
    }

    /// Accepts one pending connection, already nonblocking and close-on-exec.
    public static func accept(_ listener: Int32) throws(Errno) -> IOResult<Int32> {
        try syscall("accept4") {
            cw_accept4(listener, nil, nil, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
        }
    }

    public static func setNoDelay(_ fd: Int32) {
        try? setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
    }

    /// A receive/send buffer size in bytes (SO_RCVBUF/SO_SNDBUF); the kernel doubles it.
    public static func setBufferSizes(_ fd: Int32, receive: Int32?, send: Int32?) {
        if let receive { try? setOption(fd, SOL_SOCKET, SO_RCVBUF, receive) }
        if let send { try? setOption(fd, SOL_SOCKET, SO_SNDBUF, send) }
    }

    /// Makes the next close send RST instead of FIN: for peers we give up on (they stopped reading).
    public static func setAbortiveClose(_ fd: Int32) {
        var value = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &value, socklen_t(MemoryLayout<linger>.size))
    }

    /// The pending socket error (SO_ERROR), for nonblocking connect.
    public static func pendingError(_ fd: Int32) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length)
        return value
    }

    public static func shutdownWrite(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    private static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) throws(Errno) {
        var value = value
        _ = try blockingSyscall("setsockopt \(name)") {
            setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }
}
