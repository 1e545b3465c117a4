// swift-tools-version:6.0
// CareWire: the real-time backend of a digital primary-care service.
// The server's dependency tree is kept small on purpose (no SwiftNIO, no swift-crypto):
// OpenSSL, zlib and SQLite come from the system.
import PackageDescription

// Loop-confined state is never accessed from two threads, and debug builds (all tests) keep the
// dynamic exclusivity checks; release builds of the hot path drop them (20% of its instructions,
// docs/profiling.md).
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "CareWire",
    products: [
        .executable(name: "carewire", targets: ["carewire"]),
        .executable(name: "carewire-load", targets: ["carewire-load"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
        // Only the load generator uses it; the server does not link it.
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", exact: "0.2.0"),
    ],
    targets: [
        // C shims and system libraries. Function-like macros get static-inline wrappers here.
        .target(name: "CSystemShims"),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // The only target that makes syscalls.
        .target(name: "Posix", dependencies: ["CSystemShims"]),
        // Threads, readiness, timers, cross-loop mailboxes, write batching.
        .target(name: "EventLoop", dependencies: [
            "Posix", .product(name: "DequeModule", package: "swift-collections"),
        ], swiftSettings: hotPath),
        // Sans-I/O layers: bytes in, events/bytes out. No Glibc, no clock, no threads.
        .target(name: "Compression", dependencies: ["CZlib"]),
        .target(name: "TLS", dependencies: ["COpenSSL"]),
        // HTTP/1.1: request heads and bodies framed, responses encoded, the application's reply type.
        .target(name: "HTTP", swiftSettings: hotPath),
        .target(name: "WebSocket", dependencies: ["HTTP", "Compression", "COpenSSL"], swiftSettings: hotPath),
        // The care domain: visits, queues, access policy. Pure: no I/O, no clock, no threads.
        .target(name: "Care"),
        // The carewire.v1 codec: client commands in (JSON bytes → values), server events out
        // (values → JSON bytes, encoded once per event and view). Pure, like Care.
        .target(name: "Wire", dependencies: ["Care"]),
        // The durable store: SQLite in WAL mode, one writer thread, group commit.
        .target(name: "Store", dependencies: ["CSQLite", "Posix"]),
        // Bearer tokens: HS256 JWTs signed and verified with OpenSSL's HMAC.
        .target(name: "Tokens", dependencies: ["COpenSSL"]),
        // The care service: visits owned per loop, decisions persisted before they are told.
        .target(name: "Service", dependencies: ["Care"]),
        // Service's record ports on the SQLite store (the server's), and in memory (the desk's unit tests).
        .target(name: "SQLiteRecords", dependencies: ["Service", "Store", "Care"]),
        .target(name: "MemoryRecords", dependencies: ["Service", "Care"]),
        // Where sockets meet protocols.
        .target(name: "Server", dependencies: [
            "EventLoop", "HTTP", "WebSocket", "TLS", "Posix",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: hotPath),
        // The care protocol served on /ws: sessions, routing to the owner loop, boards, inboxes.
        .target(name: "Clinic", dependencies: [
            "Server", "Service", "Wire", "Tokens", "Care", "Posix", "EventLoop", "HTTP", "WebSocket", "COpenSSL",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "carewire", dependencies: [
            "Server", "Clinic", "SQLiteRecords", "Tokens", "Care", "Posix", .product(name: "Logging", package: "swift-log"),
        ]),

        // The fan-out latency benchmark (LoadTests/): open-loop load over our own event loop.
        .target(name: "LoadGenerator", dependencies: [
            "EventLoop", "WebSocket", "Posix", "Tokens", "Wire", "Care",
            .product(name: "Histogram", package: "hdrhistogram-swift"),
        ], path: "LoadTests/Sources/LoadGenerator"),
        .executableTarget(name: "carewire-load", dependencies: ["LoadGenerator"], path: "LoadTests/Sources/carewire-load"),

        .testTarget(name: "LoadGeneratorTests", dependencies: ["LoadGenerator", "Tokens"]),
        .testTarget(name: "CareTests", dependencies: ["Care"]),
        .testTarget(name: "WireTests", dependencies: ["Wire", "Care"], exclude: ["Fixtures"]),  // golden JSON read via #filePath
        .testTarget(name: "TokensTests", dependencies: ["Tokens"]),
        // Helpers shared by test targets (a temporary directory for SQLite files, a semaphore with a deadline).
        .target(name: "TestSupport", dependencies: ["Posix"], path: "Tests/TestSupport"),
        .testTarget(name: "StoreTests", dependencies: ["Store", "TestSupport", "Posix"]),
        .testTarget(name: "ServiceTests", dependencies: ["Service", "SQLiteRecords", "MemoryRecords", "Care", "Store", "TestSupport"]),
        // One contract suite, run against every implementation of Service's record ports.
        .testTarget(name: "RecordPortTests", dependencies: ["Service", "SQLiteRecords", "MemoryRecords", "Care", "TestSupport"]),
        .testTarget(name: "ClinicTests", dependencies: ["Clinic", "Server", "Service", "Wire", "Care", "EventLoop"]),
        .testTarget(name: "CompressionTests", dependencies: ["Compression"]),
        .testTarget(name: "WebSocketTests", dependencies: ["WebSocket", "HTTP", "Compression"]),
        .testTarget(name: "EventLoopTests", dependencies: ["EventLoop", "Posix"]),
        .testTarget(name: "TLSTests", dependencies: ["TLS"], exclude: ["Fixtures"]),  // PEM files read via #filePath
        .testTarget(name: "ServerTests", dependencies: ["Server", "HTTP", "WebSocket", "EventLoop", "Posix", "TLS"]),
    ]
)
