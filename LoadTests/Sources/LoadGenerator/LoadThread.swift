import EventLoop
import Posix

/// One load thread: its own EventLoop, its share of the connections and publishers, its own
/// statistics. Talks to the main thread only through `RunControl` (out) and a `Mailbox` (in).
final class LoadThread: ClientOwner {
    let loop: EventLoop
    let readBuffer: UnsafeMutableRawBufferPointer
    private let plan: ThreadPlan
    private let control: RunControl<ThreadStats>
    private var stats = ThreadStats()
    private var clients: [RoomClient] = []
    private var publishers: [RoomClient] = []
    private var connectCursor = 0
    private var inFlight = 0
    private var settled = 0
    private var schedule: SendSchedule?
    private var timing: RunTiming?
    private var pacer: PacingTimer!
    private var finishing = false
    private var inboxRegistration: Registration?
    private var payload: [UInt8]
    /// Deliveries not yet added to `control.delivered` (added once per loop iteration).
    private var unreported: UInt64 = 0

    /// Starts the thread; it connects at once and waits for `.start` on `mailbox`.
    static func spawn(_ plan: ThreadPlan, control: RunControl<ThreadStats>, mailbox: Mailbox<ThreadCommand>) -> Thread {
        Thread(name: "load-\(plan.index)") {
            PacingTimer.removeTimerSlack()
            do {
                let thread = try LoadThread(plan: plan, control: control)
                try thread.run(mailbox: mailbox)
            } catch {
                var stats = ThreadStats()
                stats.error("thread \(plan.index): \(error)")
                control.submit(stats)
                _ = control.threadsReady.add(1, ordering: .relaxed)
                _ = control.threadsDoneSending.add(1, ordering: .relaxed)
            }
        }
    }

    private init(plan: ThreadPlan, control: RunControl<ThreadStats>) throws(Errno) {
        self.plan = plan
        self.control = control
        loop = try EventLoop(index: plan.index)
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        payload = [UInt8](repeating: 0, count: max(plan.messageBytes, MessageStamp.encodedBytes))
    }

    deinit { readBuffer.deallocate() }

    private func run(mailbox: Mailbox<ThreadCommand>) throws(Errno) {
        pacer = try PacingTimer { [unowned self] in sendDue() }
        _ = try loop.register(pacer.fd, interest: .readable, handler: pacer)
        let inbox = CommandInbox(mailbox, onCommand: { [unowned self] in handle($0) }, onTick: { [unowned self] in tick() })
        inboxRegistration = try loop.register(mailbox.fd, interest: .readable, handler: inbox)
        for member in plan.layout.members(ofThread: plan.index) {
            let client = RoomClient(member: member, room: UInt32(plan.layout.room(of: member)), thread: self)
            clients.append(client)
            if plan.layout.isPublisher(member) { publishers.append(client) }
        }
        connectMore()
        if clients.isEmpty { _ = control.threadsReady.add(1, ordering: .relaxed) }
        tick()
        loop.run()
    }

    private func tick() {
        reportDeliveries()
        if let inboxRegistration { loop.setTimer(inboxRegistration, deadline: ProcessResources.monotonicNanoseconds() + 50_000_000) }
    }

    // MARK: Connecting

    private func connectMore() {
        while inFlight < plan.connectWindow && connectCursor < clients.count {
            let client = clients[connectCursor]
            connectCursor += 1
            inFlight += 1
            let source = plan.sources.isEmpty ? nil : plan.sources[client.member % plan.sources.count]
            let request = ClientHandshake.request(path: plan.path(ofRoom: Int(client.room)), host: plan.host)
            client.connect(to: plan.address, from: source, request: request)
        }
    }

    func clientOpened(_ client: RoomClient) {
        stats.connected += 1
        _ = control.connected.add(1, ordering: .relaxed)
        settle()
    }

    func clientFailedToOpen(_ client: RoomClient) {
        _ = control.failed.add(1, ordering: .relaxed)
        settle()
    }

    func clientLost(_ client: RoomClient) {}

    private func settle() {
        inFlight -= 1
        settled += 1
        if settled == clients.count { _ = control.threadsReady.add(1, ordering: .relaxed) }
        connectMore()
    }

    // MARK: Sending

    private func handle(_ command: ThreadCommand) {
        switch command {
        case .start(let timing):
            self.timing = timing
            let indices = publishers.map { plan.layout.publisherIndex(of: $0.member)! }
            if publishers.isEmpty {
                _ = control.threadsDoneSending.add(1, ordering: .relaxed)
                return
            }
            schedule = SendSchedule(
                start: timing.start, end: timing.measureUntil, ratePerPublisher: timing.ratePerPublisher,
                publishers: indices, publisherCount: plan.layout.publisherCount)
            pacer.arm(at: timing.start)
        case .finish:
            finish()
        }
    }

    private func sendDue() {
        guard var schedule, let timing else { return }
        var sent: UInt64 = 0
        var expected: UInt64 = 0
        schedule.takeDue(now: ProcessResources.monotonicNanoseconds()) { slot, sequence, scheduled in
            let client = publishers[slot]
            guard client.isOpen else { return }
            let actual = ProcessResources.monotonicNanoseconds()
            let stamp = MessageStamp(
                scheduled: scheduled, actual: actual, room: client.room, sender: UInt32(client.member), sequence: sequence)
            payload.withUnsafeMutableBytes { stamp.encode(into: $0) }
            payload.withUnsafeBytes { client.sendText($0) }
            sent += 1
            expected += UInt64(plan.layout.recipients(perMessageIn: Int(client.room)))
            if timing.isMeasured(scheduled) { stats.sendLag.record(nanoseconds: actual &- scheduled) }
        }
        self.schedule = schedule
        stats.sent += sent
        stats.expected += expected
        _ = control.sent.add(sent, ordering: .relaxed)
        _ = control.expected.add(expected, ordering: .relaxed)
        if let next = schedule.nextDeadline {
            pacer.arm(at: next)
        } else {
            self.schedule = nil
            _ = control.threadsDoneSending.add(1, ordering: .relaxed)
        }
    }

    // MARK: Receiving

    func received(_ payload: UnsafeRawBufferPointer, by client: RoomClient, at now: UInt64) {
        guard let stamp = MessageStamp(decoding: payload) else { return noteError("message without a stamp") }
        guard stamp.room == client.room else {
            stats.wrongRoom += 1
            return
        }
        let next = client.nextFromSender[stamp.sender] ?? 0
        guard stamp.sequence >= next else {
            stats.duplicates += 1
            return
        }
        client.nextFromSender[stamp.sender] = stamp.sequence &+ 1
        stats.delivered += 1
        unreported += 1
        if unreported >= 256 { reportDeliveries() }
        if let timing, timing.isMeasured(stamp.scheduled) {
            stats.measuredDelivered += 1
            stats.latency.record(nanoseconds: now &- stamp.scheduled)
            stats.transit.record(nanoseconds: now &- stamp.actual)
        }
    }

    /// Publishes the delivery count for progress lines and the drain check (also on a timer,
    /// so the last few deliveries are not stuck below the batch size).
    func reportDeliveries() {
        guard unreported > 0 else { return }
        _ = control.delivered.add(unreported, ordering: .relaxed)
        unreported = 0
    }

    func noteError(_ description: String) {
        guard !finishing else { return }
        stats.error(description)
    }

    // MARK: Ending

    private func finish() {
        finishing = true
        reportDeliveries()
        for client in clients { client.close() }
        control.submit(stats)
        loop.stop()
    }
}
