import Posix

/// `--metrics-address`: a listening socket of its own for `/metrics` (and `/healthz`), so the
/// counters need not be public on the service port. Loop 0 accepts on it next to its share of
/// the service port; its connections are flagged `metricsOnly` (`ClientSocket+HTTP`): plain HTTP
/// even when the service speaks TLS, no WebSocket, no application route, no static file.
enum MetricsListener {
    /// Binds the listener and hands it to loop 0. Returns the URL to print (with the port the
    /// kernel picked for port 0), or nil without `--metrics-address`.
    static func start(_ configuration: ServerConfiguration, on loop: LoopHandle) throws -> String? {
        guard let address = configuration.metricsAddress else { return nil }
        guard let socketAddress = SocketAddress(host: address.host, port: address.port) else {
            throw ConfigurationError(message: "--metrics-address: \"\(address.host)\" is not an address")
        }
        let fd = try Socket.listen(on: socketAddress, reusePort: false, backlog: 128)
        let port: UInt16
        do {
            port = try Socket.localPort(fd)
        } catch {
            Descriptor.close(fd)
            throw error
        }
        loop.post(.adoptMetricsListener(fd))
        return "http://\(address.authority(port: port))/metrics"
    }
}

extension ServerLoop {
    /// Loop 0's half of `MetricsListener.start`; closed with the service listener at shutdown.
    func adoptMetricsListener(_ fd: Int32) {
        let listener = Listener(fd: fd, loop: self, metricsOnly: true)
        do {
            listener.registration = try eventLoop.register(fd, interest: .readable, handler: listener)
        } catch {
            logger.error("cannot serve the metrics listener", metadata: ["error": "\(error)"])
            Descriptor.close(fd)
            return
        }
        metricsListener = listener
    }
}
