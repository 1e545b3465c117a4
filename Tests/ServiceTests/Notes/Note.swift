import Care
@testable import Service

/// The desk core's second aggregate, small on purpose: a note that lines are added to, each line
/// an event with a gap-free seq and an optional client id that makes a resend idempotent. It
/// proves the core knows nothing of visits.
struct Note: OwnedAggregate {
    struct ID: Identifier {
        let rawValue: String
        init(rawValue: String) { self.rawValue = rawValue }
    }

    struct Line: Hashable {
        var note: ID
        var seq: UInt64
        var clientID: String?
        var text: String
    }

    enum Decision: Equatable {
        case record([Line])
        case alreadyRecorded(seq: UInt64)
    }

    struct Broken: Error {}

    typealias Reading = String  // who reads it
    typealias Companion = Void
    typealias Effects = Void
    typealias Log = NoteShelf
    typealias Port = NoteShelf

    let key: ID
    private(set) var lastSeq: UInt64 = 0
    private(set) var lines: [String] = []
    private var seqs: [String: UInt64] = [:]

    /// The note's first line creates it.
    init(creating line: Line) throws {
        key = line.note
        try apply(line)
    }

    /// What a desk's user decides with (Care would hold this: pure, against the projection).
    func decide(add text: String, clientID: String?) -> Decision {
        if let clientID, let seq = seqs[clientID] { return .alreadyRecorded(seq: seq) }
        return .record([Line(note: key, seq: lastSeq + 1, clientID: clientID, text: text)])
    }

    mutating func apply(_ line: Line) throws {
        guard line.note == key, line.seq == lastSeq + 1 else { throw Broken() }
        lastSeq = line.seq
        lines.append(line.text)
        if let clientID = line.clientID { seqs[clientID] = line.seq }
    }

    static func seq(of line: Line) -> UInt64 { line.seq }

    static func load(_ key: ID, from shelf: NoteShelf) throws -> (Note, Void, events: [Line])? {
        let lines = shelf.lines(of: key, after: 0, limit: .max)
        guard let first = lines.first else { return nil }
        var note = try Note(creating: first)
        for line in lines.dropFirst() { try note.apply(line) }
        return (note, (), lines)
    }

    static func events(of key: ID, after seq: UInt64, limit: Int, from shelf: NoteShelf) throws -> [Line] {
        shelf.lines(of: key, after: seq, limit: limit)
    }
}
