import Care

/// Encodes server events as JSON text-frame payloads. Keys come in a fixed order (the envelope
/// first: `type`, `id`, `visit`, `seq`; then the event's fields), optional fields are left out
/// rather than sent as null, and the same event always gives the same bytes.
///
/// Encode once per event, not per recipient: `encode(_:)` returns both views (sharing one
/// buffer when they agree), and the bytes go to `SharedMessage` for the fan-out.
public struct EventEncoder: Sendable {
    public init() {}

    /// Both views; the patient view is encoded separately only when it differs.
    public func encode(_ event: ServerEvent) -> EncodedEvent {
        let staff = encode(event, for: .staff)
        guard event.hasStaffOnlyFields else { return EncodedEvent(shared: staff) }
        return EncodedEvent(patient: encode(event, for: .patient), staff: staff)
    }

    public func encode(_ event: ServerEvent, for audience: Audience) -> [UInt8] {
        var writer = JSONWriter()
        writer.object { w in
            w.field("type", event.type.rawValue)
            write(event.redacted(for: audience), into: &w)
        }
        return writer.bytes
    }

    private func write(_ event: ServerEvent, into w: inout JSONWriter) {
        switch event {
        case .welcome(let welcome):
            w.field("id", ifPresent: welcome.id?.rawValue)
            w.writeWelcome(welcome)
        case .ack(let id, let visit, let seq):
            w.field("id", id.rawValue)
            w.field("visit", ifPresent: visit?.rawValue)
            w.field("seq", ifPresent: seq)
        case .error(let id, let code, let reason, let message, let visit):
            w.field("id", ifPresent: id?.rawValue)
            w.field("code", code.rawValue)
            w.field("reason", ifPresent: reason)
            w.field("message", message)
            w.field("visit", ifPresent: visit?.rawValue)
        case .visit(let view, let id):
            w.field("id", ifPresent: id?.rawValue)
            w.writeVisitView(view)
        case .visitEvent(let event):
            w.field("visit", event.visit.rawValue)
            w.writeEventFields(event)
        case .history(let visit, let events, let hasMore, let id):
            w.field("id", ifPresent: id?.rawValue)
            w.field("visit", visit.rawValue)
            w.key("events")
            w.array(events) { w, event in w.object { w in w.writeEventFields(event) } }
            w.field("hasMore", hasMore)
        case .queue(let resource, let entries, let id):
            w.field("id", ifPresent: id?.rawValue)
            w.writeResource(resource)
            w.key("entries")
            w.array(entries) { w, item in w.object { w in w.writeQueueItem(item) } }
        case .queueAdded(let resource, let item), .queueUpdated(let resource, let item):
            w.field("visit", item.visit.rawValue)
            w.writeResource(resource)
            w.writeQueueItem(item, includingVisit: false)
        case .queueRemoved(let resource, let visit):
            w.field("visit", visit.rawValue)
            w.writeResource(resource)
        case .position(let visit, let position):
            w.field("visit", visit.rawValue)
            w.field("position", position)
        case .inbox(let inbox, let id):
            w.field("id", ifPresent: id?.rawValue)
            for (name, items) in [("inbox", inbox.inbox), ("requiresNoAction", inbox.requiresNoAction), ("ended", inbox.ended)] {
                w.key(name)
                w.array(items) { w, item in w.object { w in w.writeInboxItem(item) } }
            }
        case .inboxUpdated(let item, let tab, let position):
            w.field("visit", item.visit.rawValue)
            w.field("tab", InboxItem.tabName(tab))
            w.field("position", position)
            w.writeInboxItem(item, includingVisit: false)
        case .typing(let visit, let actor):
            w.field("visit", visit.rawValue)
            w.key("by")
            w.writeActor(actor)
        case .receipt(let visit, let actor, let upTo):
            w.field("visit", visit.rawValue)
            w.key("by")
            w.writeActor(actor)
            w.field("upTo", upTo)
        case .presence(let patient, let online):
            w.field("patient", patient.rawValue)
            w.field("online", online)
        case .reload(let visit):
            w.field("visit", visit.rawValue)
        case .unsubscribed(let visit, let reason):
            w.field("visit", visit.rawValue)
            w.field("reason", reason.rawValue)
        case .directoryUnits(let provider, let name, let units, let id):
            w.field("id", ifPresent: id?.rawValue)
            w.field("careProvider", provider.rawValue)
            w.field("careProviderName", name)
            w.key("units")
            w.array(units) { w, unit in w.object { w in w.writeDirectoryUnit(unit) } }
        case .directoryPeople(let people, let more, let id):
            w.field("id", ifPresent: id?.rawValue)
            w.key("people")
            w.array(people) { w, person in w.object { w in w.writeDirectoryPerson(person) } }
            w.field("more", more)
        }
    }
}
