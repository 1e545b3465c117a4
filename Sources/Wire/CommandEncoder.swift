import Care

/// Encodes commands the way a client sends them: for Swift clients (the load generator, the
/// end-to-end tests) and for round-trip tests of `CommandDecoder`. Same conventions as
/// `EventEncoder`: envelope first, optional fields left out.
public struct CommandEncoder: Sendable {
    public init() {}

    public func encode(_ command: ClientCommand) -> [UInt8] {
        var writer = JSONWriter()
        writer.object { w in
            w.field("type", command.type.rawValue)
            w.field("id", command.id.rawValue)
            w.field("visit", ifPresent: command.visit?.rawValue)
            switch command.action {
            case .hello(let token, let resume):
                w.field("token", token)
                if !resume.isEmpty {
                    w.key("resume")
                    w.object { w in
                        for (visit, seq) in resume.sorted(by: { $0.key < $1.key }) {
                            w.key(visit.rawValue)
                            w.unsigned(seq)
                        }
                    }
                }
            case .createVisit(let contactReason, let text, let priority):
                w.field("contactReason", contactReason)
                w.field("text", text)
                w.field("priority", ifPresent: priority?.rawValue)
            case .open(_, let after):
                w.field("after", ifPresent: after)
            case .history(_, let before, let limit):
                w.field("before", ifPresent: before)
                w.field("limit", limit)
            case .subscribeQueue(let resource), .unsubscribeQueue(let resource):
                w.writeResource(resource)
            case .sendMessage(_, let text):
                w.field("text", text)
            case .read(_, let upTo):
                w.field("upTo", upTo)
            case .changePriority(_, let to):
                w.field("priority", to.rawValue)
            case .end(_, let days, let charge):
                w.field("asyncPhaseDays", ifPresent: days)
                w.field("chargeForVisit", ifPresent: charge)
            case .searchDirectory(let query, let limit):
                w.field("query", query)
                w.field("limit", limit)
            case .browseDirectory(let level):
                w.field("unit", ifPresent: level?.unit.rawValue)
                w.field("role", ifPresent: level?.role.rawValue)
            case .lookupDirectory(let ids):
                w.key("staff")
                w.array(ids) { w, id in w.string(id.rawValue) }
            case .close, .subscribeInbox, .accept, .start, .typing, .markDone:
                break
            }
        }
        return writer.bytes
    }
}
