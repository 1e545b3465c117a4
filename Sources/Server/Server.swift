import Logging
import Posix
import TLS

/// The running server: N loop threads, each with its own SO_REUSEPORT listener on one port.
public final class Server: Sendable {
    /// The port actually bound (useful with `--port 0`).
    public let port: UInt16
    public let configuration: ServerConfiguration
    /// `http://HOST:PORT/metrics` of the `--metrics-address` listener; nil without one.
    public let metricsURL: String?
    private let context: ServerContext
    private let threads: [Thread]

    /// Binds and starts serving. Call `Signals.blockTermination()` first in a program that
    /// handles SIGTERM itself, so the loop threads inherit the blocked mask.
    public init(configuration: ServerConfiguration, logger: Logger, applications: [ApplicationEndpoint] = []) throws {
        self.configuration = configuration
        guard let address = SocketAddress(host: configuration.host, port: configuration.port) else {
            throw ConfigurationError(message: "--host: \"\(configuration.host)\" is not a numeric IPv4/IPv6 address or localhost")
        }
        ProcessResources.raiseDescriptorLimit()
        let loopCount = configuration.resolvedLoopCount
        var listeners: [Int32] = []
        do {
            // SO_REUSEPORT would let a second server (same user) bind a named port and silently
            // take half the connections. A probe without it fails with EADDRINUSE if anyone holds
            // the port, then frees it for our own listeners. Port 0 needs no probe (the kernel
            // picks a free port), and a probe there would race with other sockets' ephemeral ports.
            if configuration.port != 0 {
                Descriptor.close(try Socket.listen(on: address, reusePort: false, backlog: 1))
            }
            let first = try Socket.listen(on: address, reusePort: true)
            listeners.append(first)
            let bound = try Socket.localPort(first)
            guard let sameAddress = SocketAddress(host: configuration.host, port: bound) else { throw ConfigurationError(message: "bad address") }
            for _ in 1..<max(loopCount, 1) { listeners.append(try Socket.listen(on: sameAddress, reusePort: true)) }
            port = bound
        } catch {
            listeners.forEach(Descriptor.close)
            throw error
        }
        var tls: TLSContext?
        if let cert = configuration.tlsCertificatePath, let key = configuration.tlsPrivateKeyPath {
            tls = try TLSContext(server: TLSConfiguration(certificateChainPath: cert, privateKeyPath: key))
        }
        let staticFiles = StaticFiles(root: configuration.webRoot)
        let handles = try (0..<loopCount).map { try LoopHandle(index: $0) }
        let context = ServerContext(configuration: configuration, staticFiles: staticFiles, handles: handles,
                                    applications: applications, tls: tls, logger: logger)
        self.context = context
        metricsURL = try MetricsListener.start(configuration, on: handles[0])
        // Start-up in phases, so nothing is posted or handled before its receiver exists:
        // every loop builds its reactor and applications; then every application starts
        // (recovery, which may post to any loop); then the listeners open. Clients that connect
        // meanwhile wait in the kernel's backlog. `init` returns once every loop listens, so
        // "listening" is printed only for a server that can serve.
        let barrier = PhaseBarrier(parties: loopCount)
        threads = (0..<loopCount).map { index in
            let fd = listeners[index]
            return Thread(name: "loop-\(index)") {
                let loop: ServerLoop
                do {
                    loop = try ServerLoop(index: index, context: context, listenerFD: fd)
                } catch {
                    context.logger.critical("loop failed to start", metadata: ["loop": "\(index)", "error": "\(error)"])
                    barrier.fail()
                    return
                }
                guard barrier.arrive(at: StartPhase.constructed) else { return }
                loop.startApplications()
                guard barrier.arrive(at: StartPhase.started) else { return }
                do {
                    try loop.openListener()
                } catch {
                    context.logger.critical("listener failed to open", metadata: ["loop": "\(index)", "error": "\(error)"])
                    barrier.fail()
                    return
                }
                guard barrier.arrive(at: StartPhase.listening) else { return }
                loop.run()
            }
        }
        guard barrier.wait(for: StartPhase.listening) else {
            for thread in threads { thread.join() }
            throw ConfigurationError(message: "a loop failed to start (see the log)")
        }
        logger.info("serving", metadata: [
            "port": "\(port)", "loops": "\(loopCount)", "tls": "\(tls != nil)",
            "web_files": "\(staticFiles.count)", "echo": "\(configuration.echo)", "rooms": "\(configuration.rooms)",
        ])
    }

    /// The phases every loop passes, in order, before it serves.
    private enum StartPhase {
        static let constructed = 0
        static let started = 1
        static let listening = 2
    }

    /// Stops accepting and closes every WebSocket with 1001; loops end once drained.
    public func shutdown() {
        for handle in context.handles { handle.post(.shutdown) }
    }

    /// Blocks until every loop has stopped.
    public func wait() {
        for thread in threads { thread.join() }
    }

    public var url: String {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return "\(configuration.isTLS ? "https" : "http")://\(host):\(port)/"
    }
}
