import Care
@testable import Service

/// The note's desk user, as `VisitDesk` is the visit's: it decides with the aggregate, hands
/// the events to the generic `Desk`, and turns its settlements into what it tells (kept in
/// `told`, in order, as short lines the tests compare).
final class NoteDesk {
    let shelf: NoteShelf
    let inbox = CommitQueue()
    let desk: Desk<Note, Never>
    private(set) var told: [String] = []

    init(shelf: NoteShelf = NoteShelf(), tailLimit: Int = 256) {
        self.shelf = shelf
        desk = Desk(port: shelf, inbox: inbox, log: shelf, tailLimit: tailLimit)
    }

    func add(_ text: String, to key: Note.ID, clientID: String? = nil, replyTo: Subscriber, commandID: String) {
        var reply = DeskReply(to: replyTo, commandID: commandID)
        let record: OwnedRecord<Note>
        if let known = desk.records[key] ?? (try? desk.load(key)) {
            record = known
        } else {
            let line = Note.Line(note: key, seq: 1, clientID: clientID, text: text)
            reply.seq = 1
            let created = desk.create(try! Note(creating: line), companion: ())
            return submit([line], to: created, reply, creating: true)
        }
        switch record.projected.decide(add: text, clientID: clientID) {
        case .alreadyRecorded(let seq):
            reply.seq = seq
            if seq <= record.committed?.lastSeq ?? 0 { return ack(reply) }
            if let holder = desk.holder(of: seq, in: record) {
                desk.pipeline[holder]?.replies.append(reply)
            } else {
                fail(reply, "internal")
            }
        case .record(let lines):
            reply.seq = lines.last?.seq
            submit(lines, to: record, reply)
        }
    }

    private func submit(_ lines: [Note.Line], to record: OwnedRecord<Note>, _ reply: DeskReply, creating: Bool = false) {
        let appended = desk.append(lines, to: record, effects: (), replies: [reply], creating: creating) { _ in
            NoteShelf.Append(note: record.key, lines: lines)
        }
        switch appended {
        case .accepted: break
        case .busy: fail(reply, "busy")
        case .malformed: fail(reply, "internal")
        }
    }

    func subscribe(_ subscriber: Subscriber, to key: Note.ID, as reader: String) {
        desk.records[key]?.subscribers[subscriber] = reader
    }

    /// What a subscriber that has everything up to `after` missed; nil: it must reload.
    func resume(_ key: Note.ID, after: UInt64) -> [UInt64]? {
        guard let record = desk.records[key], let last = record.committed?.lastSeq else { return nil }
        return desk.missed(in: record, after: after, through: last)?.map(\.seq)
    }

    func committed(_ commit: Commit) {
        switch desk.committed(commit) {
        case .nothing:
            told.append("ignored \(commit.ticket)")
        case .committed(let record, let lines, _, let replies):
            for line in lines { told.append("line \(line.seq) to \(record.sortedSubscribers.map(\.rawValue))") }
            for reply in replies { ack(reply) }
        case .duplicate(let key, let original, let lastSeq, let replies):
            for reply in replies {
                if reply.seq == lastSeq { ack(reply, seq: original) } else { fail(reply, "internal") }
            }
            diverge(key)
        case .diverged(let key, let replies):
            for reply in replies { fail(reply, "internal") }
            diverge(key)
        case .side:
            break
        }
    }

    /// Commits everything queued (failing that transaction if asked) and hands the results over.
    func settle(failing: Bool = false) {
        shelf.commit(failing: failing)
        while inbox.waiting > 0, let commit = inbox.take() { committed(commit) }
    }

    private func diverge(_ key: Note.ID) {
        guard let record = desk.records[key] else { return }
        for abandoned in desk.abandon(record) {
            for reply in abandoned.replies { fail(reply, "internal") }
        }
        switch desk.reload(key) {
        case .fresh(let fresh, _)?: told.append("reloaded at \(fresh.committed?.lastSeq ?? 0)")
        case .gone?: told.append("gone")
        case nil: break
        }
    }

    private func ack(_ reply: DeskReply, seq: UInt64? = nil) {
        told.append("ack \(reply.commandID ?? "-") seq \(seq ?? reply.seq ?? 0)")
    }

    private func fail(_ reply: DeskReply, _ code: String) { told.append("error \(reply.commandID ?? "-") \(code)") }

    func take() -> [String] {
        defer { told = [] }
        return told
    }
}
