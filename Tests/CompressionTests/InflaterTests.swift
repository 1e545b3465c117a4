import Compression
import Testing

@Suite struct InflaterTests {
    static let hello = Array("Hello".utf8)

    /// RFC 7692 §7.2.3: payloads that each inflate to "Hello".
    @Test(arguments: [
        [0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00],  // §7.2.3.1
        [0x00, 0x05, 0x00, 0xFA, 0xFF, 0x48, 0x65, 0x6C, 0x6C, 0x6F, 0x00],  // §7.2.3.4, no compression
        [0xF3, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00, 0x00],  // §7.2.3.5, BFINAL set
        [0xF2, 0x48, 0x05, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xCA, 0xC9, 0xC9, 0x07, 0x00],  // §7.2.3.6, two blocks
    ] as [[UInt8]])
    func inflatesRFC7692Examples(payload: [UInt8]) throws {
        let inflater = try Inflater(noContextTakeover: false)
        #expect(try inflater.decompress(payload, limit: 100) == Self.hello)
        // And again on the same stream: each form leaves it ready for the next message.
        #expect(try inflater.decompress(payload, limit: 100) == Self.hello)
    }

    @Test func contextTakeoverResolvesBackReferences() throws {
        let inflater = try Inflater(noContextTakeover: false)
        #expect(try inflater.decompress([0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00], limit: 100) == Self.hello)
        #expect(try inflater.decompress([0xF2, 0x00, 0x11, 0x00, 0x00], limit: 100) == Self.hello)  // §7.2.3.3
    }

    @Test func noContextTakeoverForgetsThePreviousMessage() throws {
        let inflater = try Inflater(noContextTakeover: true)
        #expect(try inflater.decompress([0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00], limit: 100) == Self.hello)
        #expect(throws: InflateError.corrupt) { try inflater.decompress([0xF2, 0x00, 0x11, 0x00, 0x00], limit: 100) }
    }

    @Test(arguments: [0, 1, 125, 126, 65_536, 1 << 20])
    func roundTripsWithAndWithoutContextTakeover(count: Int) throws {
        for noContextTakeover in [false, true] {
            let deflater = try Deflater(noContextTakeover: noContextTakeover)
            let inflater = try Inflater(noContextTakeover: noContextTakeover)
            for seed in 1 ... 3 as ClosedRange<UInt64> {
                for input in [Samples.text(count: count, seed: seed), Samples.random(count: count, seed: seed)] {
                    let compressed = try deflater.compress(input)
                    #expect(try inflater.decompress(compressed, limit: count) == input)
                }
            }
        }
    }

    @Test func streamsFragmentsIntoOneBuffer() throws {
        let input = Samples.text(count: 50_000)
        let compressed = try Deflater(noContextTakeover: true).compress(input)
        for cut in [0, 1, compressed.count / 3, compressed.count - 1, compressed.count] {
            let inflater = try Inflater(noContextTakeover: true)
            var output: [UInt8] = []
            try compressed.withUnsafeBytes { bytes in
                try inflater.decompress(.init(rebasing: bytes[..<cut]), limit: input.count, isFinal: false, appendingTo: &output)
                try inflater.decompress(
                    .init(rebasing: bytes[cut...]), limit: input.count - output.count, isFinal: true, appendingTo: &output)
            }
            #expect(output == input)
        }
    }

    @Test func limitIsInclusive() throws {
        let input = Samples.text(count: 10_000)
        let compressed = try Deflater(noContextTakeover: true).compress(input)
        let inflater = try Inflater(noContextTakeover: true)
        #expect(try inflater.decompress(compressed, limit: 10_000) == input)
        #expect(throws: InflateError.tooLarge) { try inflater.decompress(compressed, limit: 9_999) }
        // The stream was reset by the failure and works again.
        #expect(try inflater.decompress(compressed, limit: 10_000) == input)
    }

    @Test func zipBombStopsNearTheLimit() throws {
        let bomb = try Deflater(noContextTakeover: true).compress([UInt8](repeating: 0, count: 50 << 20))
        #expect(bomb.count < 60_000)
        let inflater = try Inflater(noContextTakeover: true)
        var output: [UInt8] = []
        let limit = 1 << 20
        #expect(throws: InflateError.tooLarge) {
            try bomb.withUnsafeBytes { try inflater.decompress($0, limit: limit, isFinal: true, appendingTo: &output) }
        }
        #expect(output.count == limit + 1)
        #expect(output.capacity <= limit + 4096)
    }

    @Test(arguments: [
        [0xFF, 0xFF, 0xFF],  // reserved block type 11
        [0x01, 0x05, 0x00, 0x00, 0x00],  // stored block whose NLEN is not the complement of LEN
    ] as [[UInt8]])
    func corruptInputIsReported(payload: [UInt8]) throws {
        let inflater = try Inflater(noContextTakeover: false)
        #expect(throws: InflateError.corrupt) { try inflater.decompress(payload, limit: 1000) }
        #expect(try inflater.decompress([0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00], limit: 100) == Self.hello)
    }

    @Test func aFinalBlockMayBeFollowedByANewStream() throws {
        let inflater = try Inflater(noContextTakeover: false)
        // "Hel" ending in a final block, then "lo" as a second raw DEFLATE stream.
        let payload: [UInt8] = [0xF3, 0x48, 0xCD, 0x01, 0x00, 0xCA, 0xC9, 0x07, 0x00]
        #expect(try inflater.decompress(payload, limit: 100) == Self.hello)
        #expect(try inflater.decompress([0xF2, 0x00, 0x11, 0x00, 0x00], limit: 100) == Self.hello)
    }

    @Test func emptyPayloadIsAnEmptyMessage() throws {
        let inflater = try Inflater(noContextTakeover: false)
        #expect(try inflater.decompress([], limit: 10) == [])
        #expect(try inflater.decompress([0x00], limit: 10) == [])
    }
}
