import Logging
import Service

/// Where outbox notifications go (an SMS gateway in production). Called on the sender's own
/// thread, one at a time; it may block. Return an error text to have the row retried later.
public protocol NotificationChannel: Sendable {
    func send(_ notification: OutboxEntry) -> String?
}

/// The default channel: writes each notification to the log (development and demos).
public struct LogNotificationChannel: NotificationChannel {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func send(_ notification: OutboxEntry) -> String? {
        logger.info("notification sent", metadata: [
            "id": "\(notification.id ?? 0)", "channel": "\(notification.channel)",
            "recipient": "\(notification.recipient)", "template": "\(notification.template)",
            "payload": "\(String(decoding: notification.payload, as: UTF8.self))",
        ])
        return nil
    }
}
