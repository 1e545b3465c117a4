/// "Participant has read visit up to seq N". Monotonic: a lower N never replaces a higher one.
public struct ReadReceipt: Sendable, Equatable {
    public var visitID: String
    public var participant: String
    public var upToSeq: Int64
    public var atMilliseconds: Int64

    public init(visitID: String, participant: String, upToSeq: Int64, atMilliseconds: Int64) {
        self.visitID = visitID
        self.participant = participant
        self.upToSeq = upToSeq
        self.atMilliseconds = atMilliseconds
    }
}
