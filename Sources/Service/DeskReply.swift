/// One party a desk answers when a write comes back: the command's sender, or a resend / no-op
/// waiting on that write.
struct DeskReply {
    var to: Subscriber
    var commandID: String?
    /// What the ack will carry: the seq the command recorded (for a resend: the original's),
    /// nil when it changed nothing. Known at decision time: the aggregate numbers its events.
    var seq: UInt64?
}
