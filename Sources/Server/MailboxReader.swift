import EventLoop

/// Registers a loop's mailbox eventfd and hands each drained batch to the server loop.
/// Its registration also carries the loop's one-second housekeeping timer.
final class MailboxReader: IOHandler {
    unowned let loop: ServerLoop
    var registration: Registration?

    init(loop: ServerLoop) {
        self.loop = loop
    }

    func readable() {
        for message in loop.handle.mailbox.drain() {
            loop.handle(message)
        }
    }

    func timerFired() {
        loop.housekeeping()
    }
}

@available(*, unavailable)
extension MailboxReader: Sendable {}
