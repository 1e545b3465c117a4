// swift-tools-version:6.2
// The Hummingbird peer for `make bench`: what a Swift developer would pick instead of CareWire.
// Its own package so that the server never depends on SwiftNIO; built only by scripts/bench.sh.
import PackageDescription

let package = Package(
    name: "hummingbird-room",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", exact: "2.8.1"),
    ],
    targets: [
        .executableTarget(name: "hummingbird-room", dependencies: [
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
        ]),
    ]
)
