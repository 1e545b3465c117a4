import EventLoop

/// Registers a loop's mailbox eventfd and hands each drained batch to the server loop.
/// Its registration also carries the loop's one-second housekeeping timer.
final class MailboxReader: IOHandler {
    unowned let loop: ServerLoop
    var registration: Registration?
    private var batch: [LoopMessage] = []

    init(loop: ServerLoop) {
        self.loop = loop
    }

    func readable() {
        loop.handle.mailbox.drain(into: &batch)
        for message in batch {
            loop.handle(message)
        }
        batch.removeAll(keepingCapacity: true)
    }

    func timerFired() {
        loop.housekeeping()
    }
}

@available(*, unavailable)
extension MailboxReader: Sendable {}
