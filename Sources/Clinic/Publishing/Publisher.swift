import Care
import Server
import Service
import WebSocket
import Wire

/// Outcome → wire → fan-out, on one loop. The desk's outcomes become events here
/// (`Publisher+Outcomes`), and every event is encoded once per view it needs; the bytes are
/// shared by all recipients of that view (`SharedMessage`), on whatever loop they are.
final class Publisher {
    let clinic: Clinic
    let services: LoopServices
    let router: CareRouter
    let reader: any RecordReader
    let creations: Creations
    let encoder = EventEncoder()
    /// Queue places of the waiting visits this loop owns, from their boards.
    var positions: [VisitID: Int] = [:]

    init(clinic: Clinic, services: LoopServices, router: CareRouter, reader: any RecordReader, creations: Creations) {
        self.clinic = clinic
        self.services = services
        self.router = router
        self.reader = reader
        self.creations = creations
    }

    func send(_ event: ServerEvent, to subscriber: Subscriber) {
        let bytes = encoder.encode(event, for: subscriber.audience)
        let connection = subscriber.connection
        if let peer = services.peer(connection) {
            peer.send(text: bytes)
        } else if connection.loop != services.index {
            services.fanOut(SharedMessage(opcode: .text, payload: bytes, deflater: services.sharedDeflater), to: [connection])
        }
    }

    /// One encoding per audience present, one shared frame per encoding. `skippingSlow` drops
    /// the event for this loop's connections whose send queue is backed up (typing, presence).
    func broadcast(_ event: ServerEvent, to subscribers: [Subscriber], skippingSlow: Bool = false) {
        guard !subscribers.isEmpty else { return }
        if subscribers.count == 1 { return send(event, to: subscribers[0]) }
        let encoded = encoder.encode(event)
        var patients: [ConnectionID] = [], staff: [ConnectionID] = []
        for subscriber in subscribers {
            let connection = subscriber.connection
            if skippingSlow, connection.loop == services.index, services.peer(connection)?.isSlow ?? true { continue }
            if encoded.isShared || subscriber.audience == .staff { staff.append(connection) } else { patients.append(connection) }
        }
        if !staff.isEmpty { services.fanOut(frame(encoded.staff), to: staff) }
        if !patients.isEmpty { services.fanOut(frame(encoded.patient), to: patients) }
    }

    /// An event whose patient view is built apart (renumbered, staff named not by id; nil when
    /// patients get nothing of it): each audience's subscribers get their own encoding, once.
    func broadcast(staff: ServerEvent, patient: ServerEvent?, to subscribers: [Subscriber], skippingSlow: Bool = false) {
        var staffSubscribers: [Subscriber] = [], patientSubscribers: [Subscriber] = []
        for subscriber in subscribers {
            if subscriber.audience == .patient { patientSubscribers.append(subscriber) } else { staffSubscribers.append(subscriber) }
        }
        broadcast(staff, to: staffSubscribers, skippingSlow: skippingSlow)
        if let patient { broadcast(patient, to: patientSubscribers, skippingSlow: skippingSlow) }
    }

    private func frame(_ bytes: [UInt8]) -> SharedMessage {
        SharedMessage(opcode: .text, payload: bytes, deflater: services.sharedDeflater)
    }
}
