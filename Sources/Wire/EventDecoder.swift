import Care

/// Decodes server events on the client side: for Swift clients (the load generator, the
/// end-to-end tests) and for round-trip tests of `EventEncoder`. As strict as `CommandDecoder`
/// about JSON itself; lenient like it about unknown fields.
public struct EventDecoder: Sendable {
    public init() {}

    public func decode(_ frame: [UInt8]) -> Result<ServerEvent, WireError> {
        frame.withUnsafeBufferPointer { decode($0) }
    }

    public func decode(_ frame: UnsafeBufferPointer<UInt8>) -> Result<ServerEvent, WireError> {
        do throws(WireError) {
            let parsed = try JSONParser.parse(frame, maxDepth: CommandDecoder.maxDepth)
            if let violation = parsed.violation {
                throw WireError(reason: violation.reason, message: violation.message)
            }
            let envelope = try JSONFields(parsed.value, context: "event")
            let typeName = try envelope.string("type")
            guard let type = EventType(rawValue: typeName) else {
                throw WireError(reason: .unknownType, message: "unknown event type \"\(typeName)\"")
            }
            return .success(try event(type, JSONFields(members: envelope.members, context: typeName)))
        } catch {
            return .failure(error)
        }
    }

    private func event(_ type: EventType, _ f: JSONFields) throws(WireError) -> ServerEvent {
        let id: CommandID? = try f.optionalID("id")
        switch type {
        case .welcome:
            let principal = try f.object("principal")
            let units = try principal.value("units") == nil ? [] : principal.array("units")
            let rights = try principal.value("rights") == nil ? [] : principal.array("rights")
            return .welcome(
                Welcome(
                    id: id, kind: try principal.enumeration("kind"), subject: try principal.string("id"),
                    name: try principal.string("name"), careProvider: try principal.optionalID("careProvider"),
                    units: try units.map { (unit) throws(WireError) in UnitID(try Self.string(unit)) },
                    role: try principal.optionalEnumeration("role"),
                    rights: try rights.map { (right) throws(WireError) in
                        guard let right = Right(rawValue: try Self.string(right)) else {
                            throw WireError(reason: .badField, message: "welcome: unknown right")
                        }
                        return right
                    },
                    serverTime: try f.instant("serverTime"), expiresAt: try f.optionalInstant("expiresAt")))
        case .ack:
            return .ack(try f.id("id"), visit: try f.optionalID("visit"), seq: try f.optionalInteger("seq"))
        case .error:
            return .error(
                id, code: try f.enumeration("code"), reason: try f.optionalString("reason"), message: try f.string("message"),
                visit: try f.optionalID("visit"))
        case .visit:
            return .visit(try f.visitView(), id: id)
        case .visitEvent:
            return .visitEvent(try f.eventView(visit: try f.id("visit")))
        case .history:
            let visit: VisitID = try f.id("visit")
            return .history(
                visit, events: try f.objects("events") { (e) throws(WireError) in try e.eventView(visit: visit) },
                hasMore: try f.bool("hasMore"), id: id)
        case .queue:
            return .queue(try f.resource(), entries: try f.objects("entries") { (e) throws(WireError) in try e.queueItem() }, id: id)
        case .queueAdded:
            return .queueAdded(try f.resource(), try f.queueItem())
        case .queueUpdated:
            return .queueUpdated(try f.resource(), try f.queueItem())
        case .queueRemoved:
            return .queueRemoved(try f.resource(), try f.id("visit"))
        case .position:
            return .position(try f.id("visit"), position: try f.integer("position"))
        case .inbox:
            let read = { (e: JSONFields) throws(WireError) in try e.inboxItem() }
            return .inbox(
                InboxView(
                    inbox: try f.objects("inbox", read), requiresNoAction: try f.objects("requiresNoAction", read),
                    ended: try f.objects("ended", read)),
                id: id)
        case .inboxUpdated:
            return .inboxUpdated(try f.inboxItem(), tab: try f.tab(try f.string("tab")), position: try f.integer("position"))
        case .typing:
            return .typing(try f.id("visit"), by: try f.actor("by"))
        case .receipt:
            return .receipt(try f.id("visit"), by: try f.actor("by"), upTo: try f.integer("upTo"))
        case .presence:
            return .presence(try f.id("patient"), online: try f.bool("online"))
        case .reload:
            return .reload(try f.id("visit"))
        case .visitUnsubscribed:
            return .unsubscribed(try f.id("visit"), reason: try f.enumeration("reason"))
        case .directoryUnits:
            let units = try f.objects("units") { (u) throws(WireError) in
                DirectoryView.UnitRoles(
                    unit: try u.id("unit"), name: try u.string("name"),
                    roles: try u.objects("roles") { (r) throws(WireError) in
                        DirectoryView.RoleCount(role: try r.role("role"), people: try r.integer("people"))
                    })
            }
            return .directoryUnits(try f.id("careProvider"), name: try f.string("careProviderName"), units: units, id: id)
        case .directoryPeople:
            let people = try f.objects("people") { (p) throws(WireError) in
                DirectoryView.Person(
                    staff: try p.id("staff"), hsaID: try p.string("hsaId"), name: try p.string("name"), role: try p.role("role"),
                    units: try p.objects("units") { (u) throws(WireError) in
                        DirectoryView.Unit(unit: try u.id("unit"), name: try u.string("name"))
                    })
            }
            return .directoryPeople(people, more: try f.bool("more"), id: id)
        }
    }

    private static func string(_ value: JSONValue) throws(WireError) -> String {
        guard case .string(let string) = value else {
            throw WireError(reason: .badField, message: "expected a string, found \(value.kindName)")
        }
        return string
    }
}
