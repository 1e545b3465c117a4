#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Posix

/// Figures a test measures but does not pass or fail on (they depend on the machine and its
/// load): printed, and appended to `.build/reports/NAME.txt` of the checkout.
public enum Measurements {
    public static func record(_ name: String, _ line: String) {
        print(line)
        let root = "/" + #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
        let directory = root + "/.build/reports"
        mkdir(directory, 0o755)
        guard let file = fopen(directory + "/" + name + ".txt", "a") else { return }
        defer { fclose(file) }
        fputs(line + "\n", file)
    }
}

/// Polls `condition` until it holds or `seconds` passed (false then). The deadline is generous
/// for a loaded machine; a passing test never waits for it.
public func waitUntil(seconds: Double = 30, interval microseconds: UInt32 = 1_000, _ condition: () -> Bool) -> Bool {
    let deadline = ProcessResources.monotonicNanoseconds() + UInt64(seconds * 1e9)
    while !condition() {
        if ProcessResources.monotonicNanoseconds() > deadline { return false }
        usleep(microseconds)
    }
    return true
}
