#if canImport(Glibc)
import Glibc
#endif

/// A connected pair of nonblocking Unix stream sockets: real kernel buffers, no network.
struct SocketPair {
    let left: Int32
    let right: Int32

    init(sendBuffer: Int32? = nil) {
        var fds: [Int32] = [0, 0]
        let rc = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &fds)
        precondition(rc == 0)
        left = fds[0]
        right = fds[1]
        if var size = sendBuffer {
            setsockopt(left, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    func close() {
        Glibc.close(left)
        Glibc.close(right)
    }

    /// Everything currently readable on `fd`.
    static func readAll(_ fd: Int32) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return out }
            out += buffer[..<n]
        }
    }
}
