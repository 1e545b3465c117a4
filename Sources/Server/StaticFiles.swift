import HTTP
import Posix
import WebSocket

/// The browser clients, read into memory at start. Only files found under the web root exist
/// here, so no request path can reach outside it (no traversal by construction).
struct StaticFiles: Sendable {
    struct File: Sendable {
        let body: [UInt8]
        let contentType: String
        let etag: String
    }

    private let files: [String: File]

    init(root: String) {
        var files: [String: File] = [:]
        for relative in FileSystem.regularFiles(under: root) {
            guard let body = FileSystem.read(root + "/" + relative) else { continue }
            files["/" + relative] = File(body: body, contentType: Self.contentType(relative), etag: Self.etag(body))
        }
        self.files = files
    }

    var count: Int { files.count }

    /// The file for a request path: "/" and "/dir/" serve index.html.
    func file(for path: String) -> File? {
        if path.hasSuffix("/") { return files[path + "index.html"] }
        return files[path]
    }

    func response(for path: String, ifNoneMatch: String?, head: Bool) -> HTTPResponse? {
        guard let file = file(for: path) else { return nil }
        // Revalidate every time: small files, and a deploy must never leave a stale client behind.
        let headers: [(name: String, value: String)] = [
            ("Content-Type", file.contentType), ("Cache-Control", "no-cache"), ("ETag", file.etag),
        ]
        if let ifNoneMatch, ifNoneMatch == file.etag {
            return HTTPResponse(status: 304, headers: headers.filter { $0.name != "Content-Type" }, body: [])
        }
        return HTTPResponse(status: 200, headers: headers, body: file.body, omitBody: head)
    }

    static func contentType(_ path: String) -> String {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "html", "htm": return "text/html; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "json": return "application/json"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "ico": return "image/x-icon"
        case "webp": return "image/webp"
        case "woff2": return "font/woff2"
        case "txt", "md": return "text/plain; charset=utf-8"
        case "yaml", "yml": return "application/yaml"
        case "webmanifest": return "application/manifest+json"
        default: return "application/octet-stream"
        }
    }

    /// FNV-1a over the body: stable across restarts, so caches survive a redeploy of the same file.
    static func etag(_ body: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in body {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return "\"" + String(hash, radix: 16) + "\""
    }
}
