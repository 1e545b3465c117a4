import Care

/// One command from a client, decoded from one text frame by `CommandDecoder`. Shape only: the
/// decoder checks JSON types and protocol bounds; Care checks values (lengths, priority ranges,
/// the async phase's days) and answers with its own `invalid` reasons.
public struct ClientCommand: Hashable, Sendable {
    /// The envelope's `id`, echoed in the answer.
    public var id: CommandID
    public var action: Action

    public init(id: CommandID, _ action: Action) {
        self.id = id
        self.action = action
    }

    public enum Action: Hashable, Sendable {
        /// `resume`: the last seq the client holds per visit; it gets what came after.
        case hello(token: String, resume: [VisitID: UInt64])
        /// A patient seeks care. `priority` is for demo patients only; triage sets it otherwise.
        case createVisit(contactReason: String, text: String, priority: Priority?)
        /// Snapshot, then events after `after` (if given), then live events.
        case open(VisitID, after: UInt64?)
        case close(VisitID)
        /// A page of events before `before` (nil: the newest), at most `limit`.
        case history(VisitID, before: UInt64?, limit: Int)
        case subscribeQueue(Resource)
        case unsubscribeQueue(Resource)
        case subscribeInbox
        case accept(VisitID)
        case start(VisitID)
        /// The message's client id is the command's `id` (resends are idempotent).
        case sendMessage(VisitID, text: String)
        case typing(VisitID)
        case read(VisitID, upTo: UInt64)
        case changePriority(VisitID, to: Priority)
        /// Both answers are required; a missing one is Care's `invalid` (it names which).
        case end(VisitID, asyncPhaseDays: Int?, chargeForVisit: Bool?)
        case markDone(VisitID)
        /// Colleagues of the caller's care provider whose name or unit matches `query` (folded
        /// word prefixes), at most `limit`.
        case searchDirectory(query: String, limit: Int)
        /// The caller's care provider's units with their roles (nil), or the people of one
        /// unit and role.
        case browseDirectory(DirectoryLevel?)
        /// Colleagues by id, to name the staff events mention (unknown ids are left out).
        case lookupDirectory([StaffID])
    }

    /// One branch of the directory tree: a unit's people in one role.
    public struct DirectoryLevel: Hashable, Sendable {
        public var unit: UnitID
        public var role: Role

        public init(unit: UnitID, role: Role) {
            self.unit = unit
            self.role = role
        }
    }

    public var type: CommandType {
        switch action {
        case .hello: .hello
        case .createVisit: .visitCreate
        case .open: .visitOpen
        case .close: .visitClose
        case .history: .visitHistory
        case .subscribeQueue: .queueSubscribe
        case .unsubscribeQueue: .queueUnsubscribe
        case .subscribeInbox: .inboxSubscribe
        case .accept: .visitAccept
        case .start: .visitStart
        case .sendMessage: .messageSend
        case .typing: .typing
        case .read: .read
        case .changePriority: .visitPriority
        case .end: .visitEnd
        case .markDone: .visitMarkDone
        case .searchDirectory: .directorySearch
        case .browseDirectory: .directoryBrowse
        case .lookupDirectory: .directoryLookup
        }
    }

    /// The visit the command concerns (the envelope's `visit`).
    public var visit: VisitID? {
        switch action {
        case .hello, .createVisit, .subscribeQueue, .unsubscribeQueue, .subscribeInbox, .searchDirectory,
            .browseDirectory, .lookupDirectory:
            nil
        case .open(let visit, _), .close(let visit), .history(let visit, _, _), .accept(let visit),
            .start(let visit), .sendMessage(let visit, _), .typing(let visit), .read(let visit, _),
            .changePriority(let visit, _), .end(let visit, _, _), .markDone(let visit):
            visit
        }
    }

    /// The command in Care's terms, for `Visit.decide`, when it changes a visit.
    public var visitCommand: (visit: VisitID, command: VisitCommand)? {
        switch action {
        case .accept(let visit): (visit, .accept)
        case .start(let visit): (visit, .start)
        case .sendMessage(let visit, let text):
            (visit, .sendMessage(clientMessageID: ClientMessageID(id.rawValue), text: text))
        case .changePriority(let visit, let to): (visit, .changePriority(to: to))
        case .end(let visit, let days, let charge): (visit, .end(asyncPhaseDays: days, chargeForVisit: charge))
        case .markDone(let visit): (visit, .markDone)
        case .hello, .createVisit, .open, .close, .history, .subscribeQueue, .unsubscribeQueue,
            .subscribeInbox, .typing, .read, .searchDirectory, .browseDirectory, .lookupDirectory:
            nil
        }
    }
}
