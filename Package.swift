// swift-tools-version:6.0
// CareWire: the real-time backend of a digital primary-care service.
// The server's dependency tree is kept small on purpose (no SwiftNIO, no swift-crypto):
// OpenSSL, zlib and SQLite come from the system.
import PackageDescription

let package = Package(
    name: "CareWire",
    products: [
        .executable(name: "carewire", targets: ["carewire"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
    ],
    targets: [
        // C shims and system libraries. Function-like macros get static-inline wrappers here.
        .target(name: "CSystemShims"),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),

        // The only target that makes syscalls.
        .target(name: "Posix", dependencies: ["CSystemShims"]),
        // Threads, readiness, timers, cross-loop mailboxes, write batching.
        .target(name: "EventLoop", dependencies: [
            "Posix", .product(name: "DequeModule", package: "swift-collections"),
        ]),
        // Sans-I/O layers: bytes in, events/bytes out. No Glibc, no clock, no threads.
        .target(name: "Compression", dependencies: ["CZlib"]),
        .target(name: "TLS", dependencies: ["COpenSSL"]),
        .target(name: "WebSocket", dependencies: ["Compression", "COpenSSL"]),
        // Where sockets meet protocols.
        .target(name: "Server", dependencies: [
            "EventLoop", "WebSocket", "TLS", "Posix",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "carewire", dependencies: [
            "Server", .product(name: "Logging", package: "swift-log"),
        ]),

        .testTarget(name: "CompressionTests", dependencies: ["Compression"]),
        .testTarget(name: "WebSocketTests", dependencies: ["WebSocket", "Compression"]),
        .testTarget(name: "EventLoopTests", dependencies: ["EventLoop", "Posix"]),
        .testTarget(name: "TLSTests", dependencies: ["TLS"], exclude: ["Fixtures"]),  // PEM files read via #filePath
        .testTarget(name: "ServerTests", dependencies: ["Server", "WebSocket", "EventLoop", "Posix"]),
    ]
)
