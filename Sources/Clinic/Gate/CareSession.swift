import Care
import Server
import Service
import Wire

/// One connection of the care protocol, on its loop: who it is (once authenticated), until when,
/// and what it has asked for (so limits hold and a close ends exactly its subscriptions).
final class CareSession {
    let connection: ConnectionID
    /// When the connection opened (monotonic ns), for the hello deadline.
    let openedAt: UInt64
    private(set) var principal: Principal?
    private(set) var expiresAt: Instant?
    var visits: Set<VisitID> = []
    var queues: Set<Resource> = []
    var watchesInbox = false
    private var tokens: Double
    private var refilledAt: UInt64
    private var typedAt: [VisitID: Int64] = [:]

    init(connection: ConnectionID, now: UInt64, limits: SessionLimits) {
        self.connection = connection
        openedAt = now
        tokens = limits.commandBurst
        refilledAt = now
    }

    var audience: Audience {
        if case .patient = principal { .patient } else { .staff }
    }

    var subscriber: Subscriber { Subscriber(connection, audience: audience) }

    func authenticate(_ principal: Principal, expiresAt: Instant) {
        self.principal = principal
        self.expiresAt = expiresAt
    }

    /// Takes one command from the token bucket; false when the connection is over its rate.
    func admitCommand(now: UInt64, limits: SessionLimits) -> Bool {
        let elapsed = Double(now &- refilledAt) / 1e9
        tokens = min(limits.commandBurst, tokens + elapsed * limits.commandsPerSecond)
        refilledAt = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// Whether a typing indicator for `visit` may go out now (at most one per interval).
    func admitTyping(_ visit: VisitID, at now: Instant, limits: SessionLimits) -> Bool {
        if let last = typedAt[visit], now.millisecondsSinceEpoch - last < limits.typingIntervalMilliseconds { return false }
        if typedAt.count >= limits.openVisitsPerConnection { typedAt.removeAll() }
        typedAt[visit] = now.millisecondsSinceEpoch
        return true
    }
}
