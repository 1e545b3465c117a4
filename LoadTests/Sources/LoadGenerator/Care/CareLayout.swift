/// Who is who in a carewire scenario with visits set up in advance (clinic, storm): one seat per
/// connection, each a patient's or a nurse's device. Pure, so tests can check the plan.
///
/// Per visit: the patient's first device creates it (and publishes in the clinic), a nurse's
/// first device accepts and starts it, and further seats alternate between the patient's and
/// the nurse's other devices (only participants may read a started visit).
public struct CareLayout: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case patient, nurse }

    public struct Seat: Sendable, Equatable {
        public var kind: Kind
        /// Index of the person among their kind (patient `p`, nurse `n`); subjects derive from it.
        public var person: Int
        /// The visits this connection takes part in.
        public var visits: [Int]
    }

    public private(set) var seats: [Seat] = []
    public private(set) var creators: [Int] = []
    public private(set) var acceptors: [Int] = []
    /// Seats that open the visit once it has started (not the creator, not the acceptor).
    public private(set) var openers: [[Int]] = []
    /// Per visit: the visits that share a nurse connection share a group; a group is never split
    /// over load threads (a connection lives on one).
    public private(set) var groups: [Int] = []

    public var visitCount: Int { creators.count }

    /// `connections / roomSize` visits (at least one), `roomSize` devices each, one nurse per visit.
    public static func clinic(connections: Int, roomSize: Int) -> CareLayout {
        precondition(roomSize >= 2, "a visit needs its patient and its nurse")
        var layout = CareLayout()
        for visit in 0..<max(1, connections / roomSize) {
            layout.creators.append(layout.add(.patient, visit, [visit]))
            layout.acceptors.append(layout.add(.nurse, visit, [visit]))
            layout.openers.append((2..<roomSize).map { layout.add($0 % 2 == 0 ? .patient : .nurse, visit, [visit]) })
            layout.groups.append(visit)
        }
        return layout
    }

    /// `patients` patients with a visit each; one nurse connection per `visitsPerNurse` visits.
    public static func storm(patients: Int, visitsPerNurse: Int) -> CareLayout {
        precondition(patients > 0 && visitsPerNurse > 0)
        var layout = CareLayout()
        for visit in 0..<patients { layout.creators.append(layout.add(.patient, visit, [visit])) }
        for nurse in 0..<(patients + visitsPerNurse - 1) / visitsPerNurse {
            let visits = Array(nurse * visitsPerNurse..<min(patients, (nurse + 1) * visitsPerNurse))
            let seat = layout.add(.nurse, nurse, visits)
            layout.acceptors += visits.map { _ in seat }
            layout.groups += visits.map { _ in nurse }
        }
        layout.openers = Array(repeating: [], count: patients)
        return layout
    }

    private mutating func add(_ kind: Kind, _ person: Int, _ visits: [Int]) -> Int {
        seats.append(Seat(kind: kind, person: person, visits: visits))
        return seats.count - 1
    }

    /// Seats subscribed to `visit` once it is set up.
    public func receivers(of visit: Int) -> [Int] { [creators[visit], acceptors[visit]] + openers[visit] }

    /// The load thread of a visit, and of every seat in it: groups are dealt round-robin.
    public func thread(ofVisit visit: Int, threads: Int) -> Int { groups[visit] % threads }

    /// The visits load thread `thread` owns, ascending.
    public func visits(ofThread thread: Int, threads: Int) -> [Int] {
        var visits: [Int] = []
        for visit in 0..<visitCount where self.thread(ofVisit: visit, threads: threads) == thread { visits.append(visit) }
        return visits
    }

    /// The seats load thread `thread` owns, ascending: every seat of its visits.
    public func seats(ofThread thread: Int, threads: Int) -> [Int] {
        var owned: [Int] = []
        for (seat, place) in seats.enumerated() where self.thread(ofVisit: place.visits[0], threads: threads) == thread {
            owned.append(seat)
        }
        return owned
    }
}
