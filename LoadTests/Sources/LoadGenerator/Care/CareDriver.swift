import Care
import EventLoop
import Posix
import Synchronization
import Wire

/// The I/O side of a carewire scenario: one EventLoop thread with every connection (setup is a
/// sequence of dependent commands, simplest kept on one thread), the pacer, the command budget
/// of each connection, and the codec (Wire's own encoder and strict decoder).
final class CareDriver: ClientOwner {
    let loop: EventLoop
    let readBuffer: UnsafeMutableRawBufferPointer
    let address: SocketAddress
    let host: String
    let control: RunControl<CareStats>
    var stats = CareStats()
    private(set) var connections: [CareConnection] = []
    private let logic: CareScenarioLogic
    private(set) var pacer: PacingTimer!
    private var inboxRegistration: Registration?
    private let encoder = CommandEncoder()
    private let decoder = EventDecoder()
    private var connectQueue: [Int] = []
    private var connecting = 0
    /// Handshakes in flight at once (the storm lifts it to reconnect everyone at once).
    var connectWindow = 64
    private var backlogged: Set<Int> = []
    /// The first connection of every seat, until all are welcomed or failed.
    private var initial: ConnectPhase?
    private var finishing = false
    private let outcome: CareOutcome
    private let request: [UInt8]

    private init(address: SocketAddress, host: String, logic: CareScenarioLogic, control: RunControl<CareStats>, outcome: CareOutcome) throws(Errno) {
        self.address = address
        self.host = host
        self.logic = logic
        self.control = control
        self.outcome = outcome
        request = ClientHandshake.request(path: "/ws", host: host, subprotocol: "carewire.v1")
        loop = try EventLoop(index: 0)
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
    }

    deinit { readBuffer.deallocate() }

    /// Runs `logic` on a new thread; its stats land in `outcome` when it finishes.
    static func spawn(
        address: SocketAddress, host: String, tokens: [String], logic: CareScenarioLogic, control: RunControl<CareStats>,
        mailbox: Mailbox<ThreadCommand>, outcome: CareOutcome
    ) -> Thread {
        nonisolated(unsafe) let logic = logic  // handed over before the thread starts, used only there
        return Thread(name: "care-load") {
            PacingTimer.removeTimerSlack()
            do {
                let driver = try CareDriver(address: address, host: host, logic: logic, control: control, outcome: outcome)
                try driver.run(tokens: tokens, mailbox: mailbox)
            } catch {
                var stats = CareStats()
                stats.error("driver: \(error)")
                stats.incomplete = "the load thread failed: \(error)"
                outcome.stats.withLock { $0 = stats }
            }
            _ = control.threadsDoneSending.add(1, ordering: .relaxed)
        }
    }

    private func run(tokens: [String], mailbox: Mailbox<ThreadCommand>) throws(Errno) {
        pacer = try PacingTimer { [unowned self] in logic.pacerFired(now: ProcessResources.monotonicNanoseconds(), self) }
        _ = try loop.register(pacer.fd, interest: .readable, handler: pacer)
        let inbox = CommandInbox(mailbox, onCommand: { [unowned self] in if case .finish = $0 { finish(aborted: true) } },
                                 onTick: { [unowned self] in tick() })
        inboxRegistration = try loop.register(mailbox.fd, interest: .readable, handler: inbox)
        connections = tokens.enumerated().map { seat, token in
            CareConnection(seat: seat, token: token, client: RoomClient(member: seat, room: 0, thread: self))
        }
        connectAll()
        tick()
        loop.run()
    }

    private func tick() {
        guard !finishing else { return }
        let now = ProcessResources.monotonicNanoseconds()
        for seat in backlogged { drainBacklog(connections[seat], now: now) }
        logic.tick(now: now, self)
        control.delivered.store(stats.delivered + stats.secondDelivered, ordering: .relaxed)
        control.expected.store(stats.expected + stats.secondExpected, ordering: .relaxed)
        control.sent.store(stats.sent, ordering: .relaxed)
        if let inboxRegistration { loop.setTimer(inboxRegistration, deadline: now + 50_000_000) }
    }

    // MARK: Connecting

    /// Connects every seat; `logic.connected` follows once all are welcomed (an abort if any failed).
    func connectAll() {
        initial = ConnectPhase(total: connections.count, startedAt: ProcessResources.monotonicNanoseconds())
        connect(0..<connections.count)
    }

    private func settleInitial(welcomed ok: Bool) {
        guard var phase = initial else { return }
        let done = phase.settle(welcomed: ok)
        initial = done ? nil : phase
        guard done else { return }
        let now = ProcessResources.monotonicNanoseconds()
        stats.connectSeconds = phase.seconds(at: now)
        guard phase.failed == 0 else { return abort("\(phase.failed) connections failed") }
        logic.connected(at: now, self)
    }

    func connect(_ seats: some Sequence<Int>) {
        connectQueue.append(contentsOf: seats)
        connectMore()
    }

    private func connectMore() {
        while connecting < connectWindow, let seat = connectQueue.first {
            connectQueue.removeFirst()
            connecting += 1
            let connection = connections[seat]
            connection.welcomed = false
            connection.client.connect(to: address, from: nil, request: request)
        }
    }

    func clientOpened(_ client: RoomClient) {
        connecting -= 1
        let connection = connections[client.member]
        let resume = logic.resume(for: connection)
        sendNow(ClientCommand(id: "hello", .hello(token: connection.token, resume: resume)), on: connection)
        connectMore()
    }

    func clientFailedToOpen(_ client: RoomClient) {
        connecting -= 1
        stats.connectFailures += 1
        settleInitial(welcomed: false)
        connectMore()
    }

    func clientLost(_ client: RoomClient) {}

    /// Closes with a TCP reset (no close handshake): the storm's "everyone drops at once".
    func drop(_ seat: Int) {
        connections[seat].client.close()
        connections[seat].welcomed = false
    }

    // MARK: Commands

    /// Sends at once, outside the budget (open-loop sends must not wait; `hello`).
    func sendNow(_ command: ClientCommand, on connection: CareConnection) {
        encoder.encode(command).withUnsafeBytes { connection.client.sendText($0) }
    }

    /// Sends within the connection's command budget; queued for the tick when it is spent.
    func sendPaced(_ command: ClientCommand, on connection: CareConnection) {
        connection.backlog.append(encoder.encode(command))
        drainBacklog(connection, now: ProcessResources.monotonicNanoseconds())
    }

    private func drainBacklog(_ connection: CareConnection, now: UInt64) {
        while let first = connection.backlog.first, connection.budget.take(now: now) {
            connection.backlog.removeFirst()
            first.withUnsafeBytes { connection.client.sendText($0) }
        }
        if connection.backlog.isEmpty { backlogged.remove(connection.seat) } else { backlogged.insert(connection.seat) }
    }

    // MARK: Receiving

    func received(_ payload: UnsafeRawBufferPointer, by client: RoomClient, at now: UInt64) {
        let connection = connections[client.member]
        let decoded = payload.withMemoryRebound(to: UInt8.self) { decoder.decode($0) }
        switch decoded {
        case .failure(let error):
            noteError("undecodable event: \(error)")
        case .success(.welcome):
            connection.welcomed = true
            connection.welcomes += 1
            if connection.welcomes == 1 { stats.connected += 1 }
            control.connected.store(Int(stats.connected), ordering: .relaxed)
            if initial != nil { settleInitial(welcomed: true) } else { logic.welcomed(connection, self) }
        case .success(let event):
            if case .error(let id, let code, let reason, let message) = event {
                stats.errorEvent(code: code.rawValue, "error \(code.rawValue)\(reason.map { "/\($0)" } ?? "") for \(id?.rawValue ?? "-"): \(message)")
            }
            logic.handle(event, on: connection, at: now, self)
        }
    }

    /// Checks a visit event against the connection's seq for that visit; true when it is the
    /// next one (or follows a gap, counted as missed), false for a duplicate or a foreign visit.
    func track(_ event: VisitEventView, on connection: CareConnection) -> Bool {
        guard var tracker = connection.trackers[event.visit] else {
            stats.wrongVisit += 1
            return false
        }
        let outcome = tracker.observe(event.seq)
        connection.trackers[event.visit] = tracker
        switch outcome {
        case .next: return true
        case .gap(let missing): stats.missed += missing; return true
        case .duplicate: stats.duplicates += 1; return false
        }
    }

    func noteError(_ description: String) {
        guard !finishing else { return }
        stats.error(description)
    }

    // MARK: Open-loop sending

    /// A schedule of `publishers` senders sharing `timing`'s rate, the pacer armed for its start.
    func openLoop(_ timing: RunTiming, publishers: Int) -> SendSchedule {
        pacer.arm(at: timing.start)
        control.measureFrom.store(timing.measureFrom, ordering: .relaxed)
        control.measureUntil.store(timing.measureUntil, ordering: .relaxed)
        return SendSchedule(
            start: timing.start, end: timing.measureUntil, ratePerPublisher: timing.ratePerPublisher,
            publishers: Array(0..<publishers), publisherCount: publishers)
    }

    /// Arms the pacer for the schedule's next send; false when the schedule is over.
    func rearm(_ schedule: SendSchedule) -> Bool {
        guard let next = schedule.nextDeadline else { return false }
        pacer.arm(at: next)
        return true
    }

    // MARK: Ending

    /// Ends the run early: the scenario could not reach its end (setup failed, connections failed).
    func abort(_ reason: String) {
        if stats.incomplete == nil { stats.incomplete = reason }
        finish()
    }

    func finish(aborted: Bool = false) {
        guard !finishing else { return }
        var final = logic.finalStats(self)
        if aborted && final.incomplete == nil { final.incomplete = "stopped at the overall deadline" }
        finishing = true
        for connection in connections { connection.client.close() }
        outcome.stats.withLock { $0 = final }
        loop.stop()
    }
}

/// Where the load thread leaves its stats for the main thread.
final class CareOutcome: Sendable {
    let stats = Mutex<CareStats?>(nil)
}
