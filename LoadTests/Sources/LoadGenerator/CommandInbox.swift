import EventLoop
import Posix

/// A load thread's end of its `Mailbox`, plus a coarse tick (the loop's 50 ms timer wheel) for
/// publishing counters to the main thread.
final class CommandInbox<Command: Sendable>: IOHandler {
    private let mailbox: Mailbox<Command>
    private let onCommand: (Command) -> Void
    private let onTick: () -> Void

    init(_ mailbox: Mailbox<Command>, onCommand: @escaping (Command) -> Void, onTick: @escaping () -> Void) {
        self.mailbox = mailbox
        self.onCommand = onCommand
        self.onTick = onTick
    }

    func readable() {
        for command in mailbox.drain() { onCommand(command) }
    }

    func timerFired() { onTick() }
}
