import FoundationEssentials

/// The visit log's file format, owned by Care (docs/log-format.md): an event is the row's
/// columns (visit, seq, at, actor, kind, client id) plus a payload with the rest of the body;
/// a visit's snapshot is one object. Both carry their format version `"v"`. Writes are always
/// the current version; reads take every version ever written (version 1: the synthesised
/// `Codable` shapes of migrations 1-6). Field and kind names are spelled out here and in the
/// format types, never taken from Swift's names, so renaming a case changes no byte on disk.
public enum LogCodec {
    /// The version this code writes.
    public static let version = 2

    // MARK: Events

    public static func record(_ event: VisitEvent) -> LogRecord {
        var clientMessageID: ClientMessageID? = nil
        if case .message(let id?, _) = event.body { clientMessageID = id }
        return LogRecord(visit: event.visit, seq: event.seq, at: event.at, actor: actorKey(event.actor),
                         kind: event.body.kind.rawValue, clientMessageID: clientMessageID, payload: payload(event.body))
    }

    /// What the columns do not hold. A message (the hot path) is `{"v":2,"text":"…"}`.
    static func payload(_ body: VisitEvent.Body) -> [UInt8] {
        var w = LogWriter(version: version)
        switch body {
        case .created(let kind, let patient, let careProvider, let resource, let contactReason, let text, let priority):
            w.field("visitKind", kind.rawValue)
            w.field("patient", patient.rawValue)
            w.field("careProvider", careProvider.rawValue)
            w.key("resource")
            w.write(resource)
            w.field("contactReason", contactReason)
            w.field("text", text)
            w.field("priority", priority.rawValue)
        case .accepted(let by), .started(let by):
            w.key("by")
            w.write(by)
        case .message(_, let text):
            w.field("text", text)
        case .priorityChanged(let from, let to):
            w.field("from", from.rawValue)
            w.field("to", to.rawValue)
        case .ended(let days, let charge, let endsAt):
            w.field("asyncPhaseDays", days)
            w.field("chargeForVisit", charge)
            w.field("asyncPhaseEndsAt", endsAt.millisecondsSinceEpoch)
        case .markedDone:
            break
        case .closed(let reason):
            w.field("reason", reason.rawValue)
        }
        return w.finish()
    }

    public static func event(_ record: LogRecord) throws(LogFormatError) -> VisitEvent {
        let name = "payload of \(record.visit)#\(record.seq)"
        switch version(of: record.payload) {
        case 1:
            let event = try decode(EventV1.self, record.payload, name).event
            // Version 1 repeats the columns the store ordered and deduplicated by: they must agree.
            guard event.visit == record.visit, event.seq == record.seq else {
                throw LogFormatError("\(name) names \(event.visit)#\(event.seq)")
            }
            return event
        case 2:
            guard let kind = EventKind(rawValue: record.kind) else { throw LogFormatError("\(name): unknown kind \(record.kind)") }
            guard let actor = actor(key: record.actor) else { throw LogFormatError("\(name): unknown actor \(record.actor)") }
            let payload = try decode(PayloadV2.self, record.payload, name)
            let body = try payload.body(kind, clientMessageID: record.clientMessageID, name)
            return VisitEvent(visit: record.visit, seq: record.seq, at: record.at, actor: actor, body: body)
        case let other:
            throw LogFormatError("\(name): format version \(other) is not one this server reads (1-\(version))")
        }
    }

    // MARK: Actors

    /// How actors are named in the log's columns (idempotency is per visit, actor, client id).
    public static func actorKey(_ actor: Party) -> String {
        switch actor {
        case .patient(let id): "patient:\(id.rawValue)"
        case .staff(let id): "staff:\(id.rawValue)"
        case .system: "system"
        }
    }

    public static func actor(key: String) -> Party? {
        if key == "system" { return .system }
        guard let colon = key.firstIndex(of: ":") else { return nil }
        let id = String(key[key.index(after: colon)...])
        switch key[..<colon] {
        case "patient": return .patient(PatientID(id))
        case "staff": return .staff(StaffID(id))
        default: return nil
        }
    }

    // MARK: Mechanics

    /// Version 2 on starts with `{"v":N`; version 1 had no `v` (its first key is any of its own).
    static func version(of bytes: [UInt8]) -> Int {
        let prefix = Array(#"{"v":"#.utf8)
        guard bytes.starts(with: prefix) else { return 1 }
        var number = 0
        for byte in bytes.dropFirst(prefix.count) {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), number < 1_000_000 else { break }
            number = number * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return number
    }

    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], _ name: String) throws(LogFormatError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw LogFormatError("\(name): \(error)")
        }
    }
}
