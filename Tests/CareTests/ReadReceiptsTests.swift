import Care
import Testing

@Suite struct ReadReceiptsTests {
    let pia = Party.patient(Fixtures.pia.id)
    let anna = Party.staff(Fixtures.anna.id)

    @Test func marksOnlyMoveForward() {
        var receipts = ReadReceipts()
        #expect(receipts.readUpTo(pia) == 0)
        #expect(receipts.markRead(by: pia, upTo: 5, lastSeq: 9) == .success(true))
        #expect(receipts.markRead(by: pia, upTo: 3, lastSeq: 9) == .success(false))  // an old device
        #expect(receipts.markRead(by: pia, upTo: 5, lastSeq: 9) == .success(false))
        #expect(receipts.readUpTo(pia) == 5)
        #expect(receipts.markRead(by: pia, upTo: 9, lastSeq: 9) == .success(true))
        #expect(receipts.readUpTo(pia) == 9)
    }

    @Test func eachParticipantHasTheirOwnMark() {
        var receipts = ReadReceipts()
        _ = receipts.markRead(by: pia, upTo: 4, lastSeq: 6)
        _ = receipts.markRead(by: anna, upTo: 6, lastSeq: 6)
        #expect(receipts.hasRead(pia, seq: 4))
        #expect(!receipts.hasRead(pia, seq: 5))
        #expect(receipts.hasRead(anna, seq: 6))
        #expect(receipts.upTo == [pia: 4, anna: 6])
    }

    @Test func cannotReadWhatIsNotWritten() {
        var receipts = ReadReceipts()
        #expect(receipts.markRead(by: pia, upTo: 10, lastSeq: 9) == .failure(.invalid(.readBeyondLastSeq)))
        #expect(receipts.readUpTo(pia) == 0)
    }
}
