// libFuzzer target: the whole receive path of a server-side WebSocket connection (frame parser,
// fragment assembly, UTF-8 validation, close payloads, permessage-deflate with its inflate
// ceiling). The input is fed in chunks whose sizes come from the input itself, as uWebSockets'
// harness does, so split headers and split UTF-8 sequences are explored too.
// The oracle: no crash, no trap, no unbounded growth; output is either events or one close.
import WebSocket

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrameParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let input = UnsafeRawBufferPointer(start: data, count: size)
    // First byte: deflate on/off and the chunking seed.
    let control = input[0]
    let deflate = control & 1 == 1 ? DeflateParameters(serverNoContextTakeover: true, clientNoContextTakeover: control & 2 == 2,
                                                      serverMaxWindowBits: 15, clientMaxWindowBits: 15) : nil
    var limits = WebSocketLimits()
    limits.maxFrameBytes = 1 << 16
    limits.maxMessageBytes = 1 << 16
    limits.maxInflatedBytes = 1 << 16
    limits.maxFragments = 64
    let connection = WebSocketConnection(role: .server, limits: limits, deflate: deflate)
    var offset = 1
    var step = Int(control >> 2) + 1
    while offset < size {
        let end = min(size, offset + step)
        connection.receive(UnsafeRawBufferPointer(rebasing: input[offset..<end]))
        while let event = connection.nextEvent() {
            if case .text(let bytes) = event { precondition(bytes.count <= limits.maxMessageBytes) }
        }
        _ = connection.takeOutput()
        offset = end
        step = (step * 7 + 3) % 64 + 1
    }
    return 0
}
