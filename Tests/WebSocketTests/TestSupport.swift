@testable import WebSocket

/// `"81 05 48"` → `[0x81, 0x05, 0x48]`.
func hex(_ text: String) -> [UInt8] {
    text.split(separator: " ").map { UInt8($0, radix: 16)! }
}

func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The key of RFC 6455 §5.7's masked examples.
let rfcKey = MaskingKey((0x37, 0xFA, 0x21, 0x3D))

/// A frame as a client sends it (masked with `rfcKey`), or unmasked with `masked: false`.
func frame(
    _ opcode: Opcode, _ payload: [UInt8], fin: Bool = true, rsv1: Bool = false, masked: Bool = true
) -> [UInt8] {
    var output: [UInt8] = []
    payload.withUnsafeBytes {
        FrameWriter.append(opcode: opcode, payload: $0, fin: fin, rsv1: rsv1, maskingKey: masked ? rfcKey : nil, to: &output)
    }
    return output
}

/// Cut positions for feeding `count` bytes: none, every 2-way split, and 1-byte chunks.
func chunkings(_ count: Int) -> [[Int]] {
    [[]] + (1 ..< max(count, 1)).map { [$0] } + [Array(1 ..< max(count, 1))]
}

/// Feeds `input` to `body` in pieces cut at `cuts`, without copying it.
func feed(_ input: [UInt8], cuts: [Int], _ body: (UnsafeRawBufferPointer) -> Void) {
    input.withUnsafeBytes { bytes in
        var start = 0
        for end in cuts + [bytes.count] {
            body(UnsafeRawBufferPointer(rebasing: bytes[start ..< end]))
            start = end
        }
    }
}

extension WebSocketConnection {
    static func server(limits: WebSocketLimits = WebSocketLimits(), deflate: DeflateParameters? = nil) -> WebSocketConnection {
        WebSocketConnection(role: .server, limits: limits, deflate: deflate, minimumBytesToCompress: 0)
    }

    static func client(limits: WebSocketLimits = WebSocketLimits(), deflate: DeflateParameters? = nil) -> WebSocketConnection {
        WebSocketConnection(role: .client, limits: limits, deflate: deflate, minimumBytesToCompress: 0)
    }

    /// Feeds `input` cut at `cuts` and drains the events.
    func events(_ input: [UInt8], cuts: [Int] = []) -> [WebSocketEvent] {
        feed(input, cuts: cuts) { receive($0) }
        return drainEvents()
    }

    func drainEvents() -> [WebSocketEvent] {
        var events: [WebSocketEvent] = []
        while let event = nextEvent() { events.append(event) }
        return events
    }
}

/// A frame read back from bytes, payload unmasked.
struct ParsedFrame: Equatable, Sendable {
    var fin: Bool
    var rsv1: Bool
    var opcode: Opcode
    var masked: Bool
    var payload: [UInt8]
}

/// Parses complete frames (as a server when `masked`, else as a client).
func parseFrames(
    _ bytes: [UInt8], masked: Bool, cuts: [Int] = [], allowRSV1: Bool = true, maxFrameBytes: Int = 1 << 24
) throws(ProtocolError) -> [ParsedFrame] {
    let parser = FrameParser(requireMasked: masked, allowRSV1: allowRSV1, maxFrameBytes: maxFrameBytes)
    var frames: [ParsedFrame] = []
    var key: MaskingKey?
    var failure: ProtocolError?
    feed(bytes, cuts: cuts) { chunk in
        guard failure == nil else { return }
        var cursor = 0
        do throws(ProtocolError) {
            while let item = try parser.next(chunk, cursor: &cursor) {
                switch item {
                case .header(let header):
                    key = header.maskingKey
                    frames.append(ParsedFrame(
                        fin: header.fin, rsv1: header.rsv1, opcode: header.opcode, masked: key != nil, payload: []))
                case .payload(let slice, let offset):
                    let start = frames[frames.count - 1].payload.count
                    frames[frames.count - 1].payload.append(contentsOf: slice)
                    frames[frames.count - 1].payload.withUnsafeMutableBytes {
                        key?.apply(to: UnsafeMutableRawBufferPointer(rebasing: $0[start...]), offset: offset)
                    }
                case .end:
                    break
                }
            }
        } catch {
            failure = error
        }
    }
    if let failure { throw failure }
    return frames
}

/// Where each frame's payload lies in the input, merged across the slices the parser handed out:
/// `(start, count)` per frame. Checks on the way that slices are contiguous and in order.
func payloadRanges(_ bytes: [UInt8], masked: Bool, cuts: [Int]) throws(ProtocolError) -> [(start: Int, count: Int)] {
    let parser = FrameParser(requireMasked: masked, allowRSV1: true, maxFrameBytes: 1 << 24)
    var ranges: [(start: Int, count: Int)] = []
    var failure: ProtocolError?
    bytes.withUnsafeBytes { whole in
        var start = 0
        for end in cuts + [whole.count] {
            let chunk = UnsafeRawBufferPointer(rebasing: whole[start ..< end])
            start = end
            var cursor = 0
            do throws(ProtocolError) {
                while let item = try parser.next(chunk, cursor: &cursor) {
                    switch item {
                    case .header:
                        ranges.append((-1, 0))
                    case .payload(let slice, let offset):
                        let position = slice.baseAddress! - whole.baseAddress!
                        precondition(offset == ranges[ranges.count - 1].count, "slices out of order")
                        if ranges[ranges.count - 1].start < 0 { ranges[ranges.count - 1].start = position }
                        precondition(ranges[ranges.count - 1].start + offset == position, "slices not contiguous")
                        ranges[ranges.count - 1].count += slice.count
                    case .end:
                        break
                    }
                }
            } catch {
                failure = error
            }
        }
    }
    if let failure { throw failure }
    return ranges
}

/// Incompressible, deterministic bytes (xorshift64).
func noise(count: Int, seed: UInt64 = 0x1234_5678) -> [UInt8] {
    var state = seed | 1
    return (0 ..< count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    }
}
