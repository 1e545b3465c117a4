import Testing
@testable import LoadGenerator

@Suite struct MessageStampTests {
    @Test func roundTripsEveryField() {
        let stamp = MessageStamp(scheduled: 0x0123_4567_89ab_cdef, actual: .max, room: 7, sender: 0xdead_beef, sequence: 42)
        let bytes = stamp.encoded(size: 100)
        #expect(bytes.count == 100)
        #expect(MessageStamp(decoding: bytes) == stamp)
    }

    @Test func isPrintableASCIIPaddedWithDots() {
        let bytes = MessageStamp(scheduled: 1, actual: 2, room: 3, sender: 4, sequence: 5).encoded(size: 80)
        #expect(bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7f })
        #expect(bytes[MessageStamp.encodedBytes...].allSatisfy { $0 == UInt8(ascii: ".") })
        #expect(String(decoding: bytes.prefix(17), as: UTF8.self) == "S0000000000000001")
    }

    @Test func neverShorterThanTheStamp() {
        #expect(MessageStamp(scheduled: 1, actual: 1, room: 1, sender: 1, sequence: 1).encoded(size: 10).count == MessageStamp.encodedBytes)
    }

    @Test func rejectsWhatItDidNotWrite() {
        #expect(MessageStamp(decoding: Array("hello".utf8)) == nil)
        var bytes = MessageStamp(scheduled: 1, actual: 2, room: 3, sender: 4, sequence: 5).encoded(size: 64)
        bytes[20] = UInt8(ascii: "z")
        #expect(MessageStamp(decoding: bytes) == nil)
        #expect(MessageStamp(decoding: [UInt8](repeating: UInt8(ascii: "."), count: 100)) == nil)
    }
}
