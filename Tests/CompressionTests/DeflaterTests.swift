import Compression
import Testing

@Suite struct DeflaterTests {
    @Test func compressesHelloAsInRFC7692() throws {
        let deflater = try Deflater(noContextTakeover: true)
        // RFC 7692 §7.2.3.1: the payload of `c1 07 f2 48 cd c9 c9 07 00`.
        #expect(try deflater.compress(Array("Hello".utf8)) == [0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00])
        #expect(try deflater.compress(Array("Hello".utf8)) == [0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00])
    }

    @Test func contextTakeoverRefersToThePreviousMessage() throws {
        let deflater = try Deflater(noContextTakeover: false)
        #expect(try deflater.compress(Array("Hello".utf8)) == [0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00])
        // RFC 7692 §7.2.3.3: the second "Hello" is a back-reference into the first.
        #expect(try deflater.compress(Array("Hello".utf8)) == [0xF2, 0x00, 0x11, 0x00, 0x00])
    }

    @Test func resetForgetsTheWindow() throws {
        let deflater = try Deflater(noContextTakeover: false)
        _ = try deflater.compress(Array("Hello".utf8))
        deflater.reset()
        #expect(try deflater.compress(Array("Hello".utf8)) == [0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00])
    }

    @Test(arguments: [false, true])
    func emptyMessageIsOneEmptyStoredBlock(noContextTakeover: Bool) throws {
        let deflater = try Deflater(noContextTakeover: noContextTakeover)
        #expect(try deflater.compress([]) == [0x00])
        _ = try deflater.compress(Array("Hello".utf8))
        #expect(try deflater.compress([]) == [0x00])
    }

    @Test(arguments: [1, 100, 70_000])
    func outputNeverEndsWithTheSyncFlushMarker(count: Int) throws {
        let deflater = try Deflater(noContextTakeover: true)
        let output = try deflater.compress(Samples.text(count: count))
        #expect(!output.isEmpty)
        #expect(Array(output.suffix(4)) != [0x00, 0x00, 0xFF, 0xFF])
    }

    @Test func compressesAppendingAfterExistingBytes() throws {
        let deflater = try Deflater(noContextTakeover: true)
        var output: [UInt8] = [1, 2, 3]
        try Array("Hello".utf8).withUnsafeBytes { try deflater.compress($0, appendingTo: &output) }
        #expect(output == [1, 2, 3, 0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00])
    }

    @Test func incompressibleInputStillRoundTrips() throws {
        let deflater = try Deflater(noContextTakeover: true)
        let inflater = try Inflater(noContextTakeover: true)
        let input = Samples.random(count: 200_000, seed: 7)
        let compressed = try deflater.compress(input)
        #expect(compressed.count > input.count)  // stored blocks add a few bytes
        #expect(try inflater.decompress(compressed, limit: input.count) == input)
    }

    @Test func zlibCannotDeflateWithAWindowOf8() {
        #expect(throws: ZlibError.self) { try Deflater(windowBits: 8, noContextTakeover: true) }
        #expect((try? Deflater(windowBits: 9, noContextTakeover: true)) != nil)
    }
}
