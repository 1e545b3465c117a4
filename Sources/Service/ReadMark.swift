import Care

/// "This participant has read the visit up to seq N", as stored.
public struct ReadMark: Sendable, Hashable {
    public var reader: Party
    public var upTo: UInt64

    public init(reader: Party, upTo: UInt64) {
        self.reader = reader
        self.upTo = upTo
    }
}
