// libFuzzer target: the HTTP request-head parser and the WebSocket handshake decision
// (header limits, Sec-WebSocket-Key, Origin, subprotocols, permessage-deflate offers).
// Input is fed in two parts split at a position chosen by the input.
import HTTP
import WebSocket

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHandshake(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 1 else { return 0 }
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let split = 1 + Int(input[0]) % (size - 1)
    var parser = HTTPRequestParser()
    for part in [input[1..<split], input[split..<size]] {
        switch parser.parse(UnsafeRawBufferPointer(rebasing: part)) {
        case .needMore:
            continue
        case .invalid(let status, _):
            precondition((400..<600).contains(status))
            return 0
        case .complete(let head, let consumed):
            precondition(consumed <= part.count)
            let policy = HandshakePolicy(allowedOrigins: ["http://127.0.0.1:8080"], subprotocols: ["carewire.v1"],
                                         requireSubprotocol: false, deflate: DeflateConfiguration())
            switch Handshake.evaluate(head, policy: policy) {
            case .accept(let response, _, _): precondition(response.starts(with: Array("HTTP/1.1 101".utf8)))
            case .reject(let response): precondition((400..<500).contains(response.status))
            }
            return 0
        }
    }
    return 0
}
