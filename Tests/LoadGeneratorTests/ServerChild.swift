#if canImport(Glibc)
import Glibc
#endif

/// The real `carewire` binary as a child process on 127.0.0.1 port 0: started, its port read
/// from the listening line (with a deadline), and killed when the test ends, also on failure.
final class ServerChild {
    let pid: pid_t
    let port: UInt16

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// The server binary next to this package's build, or $CAREWIRE_BIN.
    static func binary() throws -> String {
        if let path = getenv("CAREWIRE_BIN").map({ String(cString: $0) }) { return path }
        let root = String(#filePath.split(separator: "/").dropLast(3).joined(separator: "/"))
        for configuration in ["debug", "release"] {
            let path = "/\(root)/.build/\(configuration)/carewire"
            if access(path, X_OK) == 0 { return path }
        }
        throw Failure(description: "no carewire binary: run `swift build --product carewire` or set CAREWIRE_BIN")
    }

    init(arguments: [String], deadlineSeconds: Int32 = 20) throws {
        let path = try Self.binary()
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { throw Failure(description: "pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
        close(pipeFDs[1])
        guard rc == 0 else {
            close(pipeFDs[0])
            throw Failure(description: "posix_spawn \(path): \(rc)")
        }
        self.pid = pid
        defer { close(pipeFDs[0]) }
        // Read stdout until the listening line, giving up at the deadline.
        var output = ""
        var poller = pollfd(fd: pipeFDs[0], events: Int16(POLLIN), revents: 0)
        var found: UInt16?
        var waited: Int32 = 0
        while found == nil && waited < deadlineSeconds * 1000 {
            guard poll(&poller, 1, 100) >= 0 else { break }
            waited += 100
            if poller.revents & Int16(POLLIN | POLLHUP) != 0 {
                var chunk = [UInt8](repeating: 0, count: 4096)
                let n = read(pipeFDs[0], &chunk, chunk.count)
                if n <= 0 { break }
                output += String(decoding: chunk[..<n], as: UTF8.self)
                found = Self.port(in: output)
            }
        }
        guard let found else {
            kill(pid, SIGKILL)
            waitpid(pid, nil, 0)
            throw Failure(description: "server did not print its listening line in time; output: \(output)")
        }
        port = found
    }

    /// The port of "CareWire listening on http://127.0.0.1:PORT/".
    static func port(in output: String) -> UInt16? {
        guard let range = output.firstRange(of: "listening on http://127.0.0.1:") else { return nil }
        let digits = output[range.upperBound...].prefix { $0.isNumber }
        return output[range.upperBound...].dropFirst(digits.count).first == "/" ? UInt16(digits) : nil
    }

    /// SIGTERM, then SIGKILL if it has not gone within two seconds; always reaped.
    func stop() {
        kill(pid, SIGTERM)
        for _ in 0..<200 {
            if waitpid(pid, nil, WNOHANG) == pid { return }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, nil, 0)
    }

    deinit { stop() }
}
