import Care

/// Turns the bytes of one text frame into a `ClientCommand`, or a `WireError` the server sends
/// back as an `error` event (code `invalid`). Never traps on any input; each frame is parsed
/// once, and nothing here allocates per field beyond the strings the command keeps.
public struct CommandDecoder: Sendable {
    /// Largest command, in bytes. The biggest legitimate one is `visit.create` with a full triage
    /// text: 8,200 bytes of text, at most six bytes each when escaped, fits with room to spare.
    /// Larger frames up to the transport's limit are answered `invalid`/`too_large`.
    public static let maxCommandBytes = 65_536
    /// Deepest nesting accepted. Commands use two levels; the rest is room for new fields.
    public static let maxDepth = 32
    /// Longest visit or unit id a client may name (ids are issued by the service, so this only
    /// bounds what a hostile client can make the server hash and log).
    public static let maxIdentifierBytes = 128
    /// Longest command id: the same bound as a message's client id, since it becomes one.
    public static let maxCommandIDBytes = Limits.clientMessageIDBytes
    /// Most visits a `hello` may resume.
    public static let maxResumeVisits = 256
    public static let historyPageSizes: ClosedRange<Int> = 1...200
    public static let defaultHistoryPageSize = 50
    /// A directory search's text (bytes) and answer size; how many ids one lookup may name.
    public static let directoryQueryBytes = 1...StaffDirectory.maxQueryBytes
    public static let directoryResults = 1...StaffDirectory.maxResults
    public static let defaultDirectoryResults = 20
    public static let directoryLookupIDs = 1...100

    public init() {}

    public func decode(_ frame: [UInt8]) -> Result<ClientCommand, WireError> {
        frame.withUnsafeBufferPointer { decode($0) }
    }

    public func decode(_ frame: UnsafeBufferPointer<UInt8>) -> Result<ClientCommand, WireError> {
        guard frame.count <= Self.maxCommandBytes else {
            return .failure(WireError(reason: .tooLarge, message: "command larger than \(Self.maxCommandBytes) bytes"))
        }
        let parsed: (value: JSONValue, violation: JSONParser.Violation?)
        do {
            parsed = try JSONParser.parse(frame, maxDepth: Self.maxDepth)
        } catch {
            return .failure(error)
        }
        let envelope: JSONFields
        do {
            envelope = try JSONFields(parsed.value, context: "command")
        } catch {
            return .failure(WireError(reason: .malformed, message: "a command is one JSON object"))
        }
        // Read the id first so every later error can echo it, unless the id itself is suspect.
        let id = try? envelope.identifier("id", as: CommandID.self, maxBytes: Self.maxCommandIDBytes)
        if let violation = parsed.violation {
            let echo = violation.topLevelKey == "id" || violation.topLevelKey == nil ? nil : id
            return .failure(WireError(id: echo, reason: violation.reason, message: violation.message))
        }
        do throws(WireError) {
            let typeName = try envelope.string("type")
            guard let type = CommandType(rawValue: typeName) else {
                throw WireError(reason: .unknownType, message: "unknown command type \"\(typeName)\"")
            }
            let fields = JSONFields(members: envelope.members, context: typeName)
            let checkedID = try envelope.identifier("id", as: CommandID.self, maxBytes: Self.maxCommandIDBytes)
            return .success(ClientCommand(id: checkedID, try action(type, fields)))
        } catch {
            var error = error
            error.id = id
            return .failure(error)
        }
    }

    private func action(_ type: CommandType, _ fields: JSONFields) throws(WireError) -> ClientCommand.Action {
        func visit() throws(WireError) -> VisitID {
            try fields.identifier("visit", maxBytes: Self.maxIdentifierBytes)
        }
        func resource() throws(WireError) -> Resource {
            Resource(unit: try fields.identifier("unit", maxBytes: Self.maxIdentifierBytes), role: try fields.role("role"))
        }
        switch type {
        case .hello:
            return .hello(token: try fields.string("token"), resume: try resume(fields))
        case .visitCreate:
            return .createVisit(
                contactReason: try fields.string("contactReason"), text: try fields.optionalString("text") ?? "",
                priority: try fields.optionalInteger("priority", as: Int.self).map(Priority.init(rawValue:)))
        case .visitOpen:
            return .open(try visit(), after: try fields.optionalInteger("after"))
        case .visitClose:
            return .close(try visit())
        case .visitHistory:
            let limit = try fields.optionalInteger("limit", as: Int.self) ?? Self.defaultHistoryPageSize
            guard Self.historyPageSizes.contains(limit) else {
                throw WireError(
                    reason: .badField,
                    message: "visit.history: \"limit\" must be \(Self.historyPageSizes.lowerBound)-\(Self.historyPageSizes.upperBound)")
            }
            return .history(try visit(), before: try fields.optionalInteger("before"), limit: limit)
        case .queueSubscribe:
            return .subscribeQueue(try resource())
        case .queueUnsubscribe:
            return .unsubscribeQueue(try resource())
        case .inboxSubscribe:
            return .subscribeInbox
        case .visitAccept:
            return .accept(try visit())
        case .visitStart:
            return .start(try visit())
        case .messageSend:
            return .sendMessage(try visit(), text: try fields.string("text"))
        case .typing:
            return .typing(try visit())
        case .read:
            return .read(try visit(), upTo: try fields.integer("upTo"))
        case .visitPriority:
            return .changePriority(try visit(), to: Priority(rawValue: try fields.integer("priority")))
        case .visitEnd:
            return .end(
                try visit(), asyncPhaseDays: try fields.optionalInteger("asyncPhaseDays"),
                chargeForVisit: try fields.optionalBool("chargeForVisit"))
        case .visitMarkDone:
            return .markDone(try visit())
        case .directorySearch:
            let query = try fields.string("query")
            guard Self.directoryQueryBytes.contains(query.utf8.count) else {
                throw WireError(reason: .badField, message: "directory.search: \"query\" must be 1-\(StaffDirectory.maxQueryBytes) bytes")
            }
            let limit = try fields.optionalInteger("limit", as: Int.self) ?? Self.defaultDirectoryResults
            guard Self.directoryResults.contains(limit) else {
                throw WireError(reason: .badField, message: "directory.search: \"limit\" must be 1-\(StaffDirectory.maxResults)")
            }
            return .searchDirectory(query: query, limit: limit)
        case .directoryBrowse:
            let unit: UnitID? = try fields.optionalIdentifier("unit", maxBytes: Self.maxIdentifierBytes)
            switch (unit, fields.value("role")) {
            case (nil, nil): return .browseDirectory(nil)
            case (let unit?, _?): return .browseDirectory(.init(unit: unit, role: try fields.role("role")))
            default: throw WireError(reason: .badField, message: "directory.browse: give both \"unit\" and \"role\", or neither")
            }
        case .directoryLookup:
            let values = try fields.array("staff")
            guard Self.directoryLookupIDs.contains(values.count) else {
                throw WireError(reason: .badField, message: "directory.lookup: \"staff\" must name 1-\(Self.directoryLookupIDs.upperBound) ids")
            }
            var ids: [StaffID] = []
            for value in values {
                guard case .string(let text) = value, !text.isEmpty, text.utf8.count <= Self.maxIdentifierBytes else {
                    throw WireError(reason: .badField, message: "directory.lookup: \"staff\" holds ids of 1-\(Self.maxIdentifierBytes) bytes")
                }
                ids.append(StaffID(text))
            }
            return .lookupDirectory(ids)
        }
    }

    private func resume(_ fields: JSONFields) throws(WireError) -> [VisitID: UInt64] {
        guard let resume = try fields.optionalObject("resume") else { return [:] }
        guard resume.members.count <= Self.maxResumeVisits else {
            throw WireError(reason: .badField, message: "hello: at most \(Self.maxResumeVisits) visits in \"resume\"")
        }
        var seqs: [VisitID: UInt64] = [:]
        for member in resume.members {
            guard !member.key.isEmpty, member.key.utf8.count <= Self.maxIdentifierBytes else {
                throw WireError(reason: .badField, message: "hello.resume: visit ids must be 1-\(Self.maxIdentifierBytes) bytes")
            }
            seqs[VisitID(member.key)] = try resume.integer(member.key, as: UInt64.self)
        }
        return seqs
    }
}
