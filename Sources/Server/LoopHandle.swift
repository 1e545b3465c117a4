import EventLoop

/// The Sendable face of a server loop: the only thing other threads hold.
final class LoopHandle: Sendable {
    let index: Int
    let mailbox: Mailbox<LoopMessage>

    init(index: Int) throws {
        self.index = index
        mailbox = try Mailbox()
    }

    func post(_ message: LoopMessage) {
        mailbox.post(message)
    }
}
