import Care
import EventLoop
import Posix
import Wire

/// The I/O side of one carewire load thread: its own EventLoop with its share of the connections
/// (a visit's connections all on one thread, so setup, sends and checks stay local), the pacer,
/// the command budget of each connection, and the codec (Wire's own encoder and strict decoder).
final class CareDriver: ClientOwner {
    let loop: EventLoop
    let readBuffer: UnsafeMutableRawBufferPointer
    let control: RunControl<CareStats>
    var stats = CareStats()
    /// This thread's connections, and all seats' (nil where another thread owns the seat).
    private(set) var connections: [CareConnection] = []
    private var bySeat: [CareConnection?]
    private let plan: CareThreadPlan
    private let logic: CareScenarioLogic
    private var pacer: OpenLoopPacer!
    private var inboxRegistration: Registration?
    private let encoder = CommandEncoder()
    private let decoder = EventDecoder()
    private var connectQueue: [Int] = []
    private var connecting = 0
    /// Handshakes in flight at once (the storm lifts it to reconnect everyone at once).
    var connectWindow: Int
    private var backlogged: Set<Int> = []
    /// The first connection of every seat, until all are welcomed or failed.
    private var initial: ConnectPhase?
    private var isReady = false
    private var finishing = false
    private var published = CareProgress()
    private let request: [UInt8]

    private init(plan: CareThreadPlan, logic: CareScenarioLogic, control: RunControl<CareStats>) throws(Errno) {
        self.plan = plan
        self.logic = logic
        self.control = control
        connectWindow = plan.connectWindow
        bySeat = Array(repeating: nil, count: plan.seatCount)
        request = ClientHandshake.request(path: "/ws", host: plan.host, subprotocol: "carewire.v1")
        loop = try EventLoop(index: plan.index)
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
    }

    deinit { readBuffer.deallocate() }

    /// Runs one thread's share on a new thread; the logic is made there (it never crosses threads).
    static func spawn(
        _ plan: CareThreadPlan, logic makeLogic: @escaping @Sendable () -> CareScenarioLogic,
        control: RunControl<CareStats>, mailbox: Mailbox<CareCommand>
    ) -> Thread {
        Thread(name: "care-load-\(plan.index)") {
            PacingTimer.removeTimerSlack()
            do {
                let driver = try CareDriver(plan: plan, logic: makeLogic(), control: control)
                try driver.run(mailbox: mailbox)
            } catch {
                var stats = CareStats()
                stats.error("thread \(plan.index): \(error)")
                stats.incomplete = "load thread \(plan.index) failed: \(error)"
                control.submit(stats)
                _ = control.threadsStopped.add(1, ordering: .releasing)
            }
        }
    }

    private func run(mailbox: Mailbox<CareCommand>) throws(Errno) {
        pacer = try OpenLoopPacer(loop: loop)
        let inbox = CommandInbox(mailbox, onCommand: { [unowned self] in handle($0) }, onTick: { [unowned self] in tick() })
        inboxRegistration = try loop.register(mailbox.fd, interest: .readable, handler: inbox)
        for (seat, token) in plan.seats {
            let connection = CareConnection(seat: seat, token: token, client: RoomClient(member: seat, room: 0, thread: self))
            connections.append(connection)
            bySeat[seat] = connection
        }
        connectAll()
        tick()
        loop.run()
    }

    /// One of this thread's connections (the logic asks only for its own seats).
    func connection(_ seat: Int) -> CareConnection { bySeat[seat]! }

    private func handle(_ command: CareCommand) {
        guard !finishing else { return }
        switch command {
        case .start(let timing): logic.start(timing, self)
        case .reconnect(let instant): logic.reconnect(at: instant, self)
        case .finish(let reason): finish(incomplete: reason)
        }
    }

    private func tick() {
        guard !finishing else { return }
        let now = ProcessResources.monotonicNanoseconds()
        for seat in backlogged { drainBacklog(connection(seat), now: now) }
        logic.tick(now: now, self)
        publish()
        if let inboxRegistration { loop.setTimer(inboxRegistration, deadline: now + 50_000_000) }
    }

    /// Shows the main thread this thread's counts (progress lines, the drain check).
    private func publish() {
        let handoffs = logic.handoffs
        let progress = CareProgress(
            connected: Int(stats.connected), sent: stats.sent, delivered: stats.delivered + stats.secondDelivered,
            expected: stats.expected + stats.secondExpected, pending: logic.pending, created: handoffs.created,
            accepted: handoffs.accepted, reconnected: Int(stats.reconnected))
        progress.publish(since: published, to: control)
        published = progress
    }

    /// This thread is set up; the main thread starts the common window once every thread is.
    func ready() {
        guard !isReady else { return }
        isReady = true
        publish()
        _ = control.threadsReady.add(1, ordering: .releasing)
    }

    // MARK: Connecting

    /// Connects every seat; `logic.connected` follows once all are welcomed (an abort if any failed).
    private func connectAll() {
        let now = ProcessResources.monotonicNanoseconds()
        guard !connections.isEmpty else { return logic.connected(at: now, self) }
        initial = ConnectPhase(total: connections.count, startedAt: now)
        connect(connections.map(\.seat))
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
            let connection = connection(seat)
            connection.welcomed = false
            connection.client.connect(to: plan.address, from: nil, request: request)
        }
    }

    func clientOpened(_ client: RoomClient) {
        connecting -= 1
        let connection = connection(client.member)
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
        connection(seat).client.close()
        connection(seat).welcomed = false
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
        let connection = connection(client.member)
        let decoded = payload.withMemoryRebound(to: UInt8.self) { decoder.decode($0) }
        switch decoded {
        case .failure(let error):
            noteError("undecodable event: \(error)")
        case .success(.welcome):
            connection.welcomed = true
            connection.welcomes += 1
            if connection.welcomes == 1 { stats.connected += 1 }
            if initial != nil { settleInitial(welcomed: true) } else { logic.welcomed(connection, self) }
        case .success(let event):
            if case .error(let id, let code, let reason, let message, _) = event {
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

    /// Sends on `timing`'s schedule for this thread's `publishers` (see `OpenLoopPacer`), then
    /// tells the main thread this thread is done sending.
    func openLoop(_ timing: RunTiming, publishers: [Int], of publisherCount: Int, send: @escaping OpenLoopPacer.Send) {
        pacer.start(timing, publishers: publishers, of: publisherCount, send: send) { [unowned self] in
            publish()  // the last sends' pending and expected go out before the barrier
            _ = control.threadsDoneSending.add(1, ordering: .releasing)
        }
    }

    // MARK: Ending

    /// Ends this thread early: the scenario cannot reach its end (setup failed, connections
    /// failed). The main thread sees it and ends the other threads.
    func abort(_ reason: String) {
        if stats.incomplete == nil { stats.incomplete = reason }
        finish(incomplete: nil)
        _ = control.threadsStopped.add(1, ordering: .releasing)
    }

    private func finish(incomplete reason: String?) {
        guard !finishing else { return }
        var final = logic.finalStats(self)
        if let reason, final.incomplete == nil { final.incomplete = reason }
        finishing = true
        for connection in connections { connection.client.close() }
        control.submit(final)
        loop.stop()
    }
}
