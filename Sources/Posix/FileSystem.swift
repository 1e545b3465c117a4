#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Whole-file reads and directory walks, used at start-up (never on a loop's hot path).
public enum FileSystem {
    /// The bytes of a regular file, or nil if it cannot be read or exceeds `limit`. Reads to end
    /// of file rather than trusting the size, which /proc files report as 0.
    public static func read(_ path: String, limit: Int = 64 << 20) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) <= limit else { return nil }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: max(4096, min(Int(info.st_size) + 1, 1 << 20)))
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { return bytes }
            bytes += chunk[..<n]
            guard bytes.count <= limit else { return nil }
        }
    }

    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Paths of the regular files under `root`, relative to it, depth-first. Skips dot files and symlinks.
    public static func regularFiles(under root: String) -> [String] {
        var found: [String] = []
        walk(root, prefix: "", into: &found, depth: 0)
        return found.sorted()
    }

    private static func walk(_ directory: String, prefix: String, into found: inout [String], depth: Int) {
        guard depth < 16, let dir = opendir(directory) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name.hasPrefix(".") { continue }
            let path = directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: walk(path, prefix: prefix + name + "/", into: &found, depth: depth + 1)
            case S_IFREG: found.append(prefix + name)
            default: continue
            }
        }
    }
}
