import Care
import Wire

/// Sets up one load thread's share of a layout's visits through the protocol, `window` visits at
/// a time so the server's store sees a steady stream rather than a wall: the patient creates (`visit.create`, which
/// subscribes it), the nurse accepts and starts, then the other devices (and, if asked, the
/// nurse's accepting device) open the started visit. Command ids name the step and the visit.
final class VisitSetup {
    let layout: CareLayout
    let acceptorOpens: Bool
    /// The visits this thread sets up (global indices).
    let visits: [Int]
    private(set) var visitIDs: [VisitID?]
    private(set) var visitIndex: [VisitID: Int] = [:]
    /// Per visit: snapshots and the start ack still to come before it is ready.
    private var remaining: [Int]
    private var next = 0
    private var inFlight = 0
    private(set) var ready = 0
    private(set) var failure: String?
    let window: Int

    init(layout: CareLayout, visits: [Int], acceptorOpens: Bool, window: Int) {
        self.layout = layout
        self.visits = visits
        self.acceptorOpens = acceptorOpens
        self.window = window
        visitIDs = Array(repeating: nil, count: layout.visitCount)
        remaining = (0..<layout.visitCount).map { layout.openers[$0].count + (acceptorOpens ? 1 : 0) + 2 }
    }

    var isDone: Bool { ready == visits.count }

    /// At most 32 visits in setup at once over the whole run, shared by its threads.
    static func window(threads: Int) -> Int { max(1, 32 / threads) }

    func startMore(_ driver: CareDriver) {
        while inFlight < window && next < visits.count {
            let visit = visits[next]
            next += 1
            inFlight += 1
            let command = ClientCommand(id: CommandID("c\(visit)"), .createVisit(contactReason: "Load test", text: "carewire-load", priority: nil))
            driver.sendPaced(command, on: driver.connection(layout.creators[visit]))
        }
    }

    /// Consumes the answers to setup commands; false for anything else.
    func handle(_ event: ServerEvent, on connection: CareConnection, _ driver: CareDriver) -> Bool {
        switch event {
        case .ack(let id, let visitID, _):
            // Only this thread's setup steps: other acks ("m12") belong to the scenario.
            guard let (step, visit) = Self.parse(id), "cas".contains(step), visit < layout.visitCount else { return false }
            let acceptor = driver.connection(layout.acceptors[visit])
            switch step {
            case "c":
                guard let visitID else { failure = "visit.create acked without a visit"; return true }
                visitIDs[visit] = visitID
                visitIndex[visitID] = visit
                driver.sendPaced(ClientCommand(id: CommandID("a\(visit)"), .accept(visitID)), on: acceptor)
            case "a":
                driver.sendPaced(ClientCommand(id: CommandID("s\(visit)"), .start(visitIDs[visit]!)), on: acceptor)
            case "s":
                let openers = layout.openers[visit] + (acceptorOpens ? [layout.acceptors[visit]] : [])
                for seat in openers {
                    driver.sendPaced(ClientCommand(id: CommandID("o\(visit)"), .open(visitIDs[visit]!, after: nil)), on: driver.connection(seat))
                }
                progressed(visit, driver)
            default: return false
            }
            return true
        case .visit(let view, let id?):
            guard let (step, visit) = Self.parse(id), step == "c" || step == "o", visit < layout.visitCount else { return false }
            if connection.trackers[view.visit] == nil { connection.trackers[view.visit] = SeqTracker(last: view.lastSeq) }
            progressed(visit, driver)
            return true
        case .error(let id?, let code, let reason, _, _):
            guard let (step, visit) = Self.parse(id), "caso".contains(step) else { return false }
            failure = "setup of visit \(visit) failed at \(step): \(code.rawValue) \(reason ?? "")"
            return true
        default:
            return false
        }
    }

    private func progressed(_ visit: Int, _ driver: CareDriver) {
        remaining[visit] -= 1
        guard remaining[visit] == 0 else { return }
        ready += 1
        inFlight -= 1
        startMore(driver)
    }

    /// "c12" → ("c", 12).
    static func parse(_ id: CommandID) -> (Character, Int)? {
        guard let step = id.rawValue.first, let visit = Int(id.rawValue.dropFirst()) else { return nil }
        return (step, visit)
    }
}
