// libFuzzer target: the carewire.v1 command decoder (Sources/Wire): the strict JSON parser
// (nesting bound, escapes, surrogates, numbers, duplicate keys, NUL) and the decoding of every
// command type's fields. Any peer reaches it before authentication: `hello` is JSON.
// The input is one text frame, byte for byte.
// The oracles: no crash or trap; an error never echoes an id longer than the protocol allows;
// a decoded command, encoded again (CommandEncoder) and decoded, is the same command.
import Wire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWire(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let frame = UnsafeBufferPointer(start: data, count: size)
    let decoder = CommandDecoder()
    switch decoder.decode(frame) {
    case .success(let command):
        let again = decoder.decode(CommandEncoder().encode(command))
        guard case .success(let decoded) = again, decoded == command else {
            preconditionFailure("round trip changed the command: \(command) -> \(again)")
        }
    case .failure(let error):
        if let id = error.id { precondition(id.rawValue.utf8.count <= CommandDecoder.maxCommandIDBytes) }
    }
    return 0
}
