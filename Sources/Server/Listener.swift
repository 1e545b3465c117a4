import EventLoop
import Posix

/// A loop's listening socket (SO_REUSEPORT: the kernel spreads connections over the loops).
/// Accepts until the backlog is empty; over the connection limit it answers 503 and closes.
final class Listener: IOHandler {
    let fd: Int32
    unowned let loop: ServerLoop
    var registration: Registration?
    /// The `--metrics-address` listener: its connections serve only /metrics and /healthz.
    let metricsOnly: Bool

    init(fd: Int32, loop: ServerLoop, metricsOnly: Bool = false) {
        self.fd = fd
        self.loop = loop
        self.metricsOnly = metricsOnly
    }

    func readable() {
        // Bounded per wake-up so one loop's accept burst cannot starve its established sockets.
        for _ in 0..<256 {
            let accepted: Int32
            do {
                switch try Socket.accept(fd) {
                case .done(let client): accepted = client
                case .wouldBlock: return
                }
            } catch {
                // EMFILE/ENFILE/ECONNABORTED: log once per burst and try again on the next wake-up.
                loop.logger.warning("accept failed", metadata: ["error": "\(error)"])
                return
            }
            loop.adopt(accepted, metricsOnly: metricsOnly)
        }
    }

    func close() {
        if let registration { loop.eventLoop.deregister(registration) }
        registration = nil
        Descriptor.close(fd)
    }
}

@available(*, unavailable)
extension Listener: Sendable {}
