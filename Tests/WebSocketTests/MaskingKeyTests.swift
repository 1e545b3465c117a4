import Testing
@testable import WebSocket

@Suite struct MaskingKeyTests {
    @Test func unmasksRFC6455Example() {
        var payload = hex("7f 9f 4d 51 58")
        payload.withUnsafeMutableBytes { rfcKey.apply(to: $0, offset: 0) }
        #expect(payload == utf8("Hello"))
    }

    /// Unmasking in chunks at any offset matches unmasking the whole payload.
    @Test(arguments: [1, 3, 8, 13, 64])
    func chunkedUnmaskingMatchesWholeUnmasking(chunk: Int) {
        let payload = (0 ..< 100).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        var whole = payload
        whole.withUnsafeMutableBytes { rfcKey.apply(to: $0, offset: 0) }
        var pieces = payload
        pieces.withUnsafeMutableBytes { buffer in
            for start in stride(from: 0, to: buffer.count, by: chunk) {
                rfcKey.apply(to: .init(rebasing: buffer[start ..< min(start + chunk, buffer.count)]), offset: start)
            }
        }
        #expect(pieces == whole)
        #expect(whole.enumerated().allSatisfy { $0.element == payload[$0.offset] ^ [0x37, 0xFA, 0x21, 0x3D][$0.offset % 4] })
    }

    @Test func copiesWhileUnmasking() {
        let masked = hex("7f 9f 4d 51 58")
        var output = [UInt8](repeating: 0, count: 5)
        masked.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { rfcKey.apply(source, offset: 0, to: $0.baseAddress!) }
        }
        #expect(output == utf8("Hello"))
    }
}
