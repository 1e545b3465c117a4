// libFuzzer target: HTTP request framing (Sources/HTTP/RequestFramer.swift): request heads,
// Content-Length bodies (repeated and listed values, signs, huge numbers), Transfer-Encoding
// refusals, Expect: 100-continue, upgrades and keep-alive pipelines.
// The first input byte chooses the body limit and the chunking; the rest is the byte stream.
// The oracles: no crash or trap; progress on every call; a body never exceeds the limit and
// always has the declared length; a refusal is a 4xx/5xx and sticks; and the stream framed in
// one piece gives exactly the events it gives when fed in chunks (framing must not depend on
// how TCP splits the bytes).
import HTTP
import WebSocket

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestFramer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let control = input[0]
    let limits = [0, 1, 16, 1024, 65_536]
    let maxBody = limits[Int(control & 0x07) % limits.count]
    let stream = UnsafeRawBufferPointer(rebasing: input[1...])
    let whole = frame(stream, maxBody: maxBody, firstStep: stream.count)
    let chunked = frame(stream, maxBody: maxBody, firstStep: Int(control >> 3) + 1)
    precondition(whole == chunked, "chunking changed the framing: \(whole) vs \(chunked)")
    return 0
}

/// The events (without `needMore`) of `stream` fed in chunks, up to an upgrade or a refusal.
private func frame(_ stream: UnsafeRawBufferPointer, maxBody: Int, firstStep: Int) -> [RequestFramer.Event] {
    var framer = RequestFramer(maxBodyBytes: maxBody)
    var events: [RequestFramer.Event] = []
    var offset = 0
    var step = max(firstStep, 1)
    while offset < stream.count {
        let end = min(stream.count, offset + step)
        var chunk = UnsafeRawBufferPointer(rebasing: stream[offset..<end])
        while !chunk.isEmpty {
            let (event, consumed) = framer.next(chunk)
            precondition(consumed <= chunk.count, "consumed more than it was given")
            switch event {
            case .needMore:
                precondition(consumed == chunk.count, "needMore must use every byte")
            case .invalid(let status, _):
                precondition((400..<600).contains(status), "refused with \(status)")
                precondition(framer.next(chunk).event == event, "a refusal must stick")
                events.append(event)
                return events
            case .upgrade:
                events.append(event)
                return events   // the rest belongs to the WebSocket
            case .sendContinue:
                events.append(event)
            case .request(let head, let body):
                precondition(body.count <= maxBody, "a body of \(body.count) bytes over the limit \(maxBody)")
                if let length = head.headerValues("Content-Length").first {
                    precondition(Int(length) == body.count, "Content-Length \(length), body of \(body.count) bytes")
                }
                events.append(event)
            }
            precondition(consumed > 0, "no progress")
            chunk = UnsafeRawBufferPointer(rebasing: chunk[consumed...])
        }
        offset = end
        step = (step * 7 + 3) % 257 + 1
    }
    return events
}
