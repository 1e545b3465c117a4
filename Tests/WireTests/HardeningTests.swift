import Care
import Testing
@testable import Wire

/// Hostile and sloppy input: every frame gets a command or an `invalid` answer, never a trap.
@Suite struct HardeningTests {
    let decoder = CommandDecoder()

    func decode(_ text: String) -> Result<ClientCommand, WireError> { decoder.decode(Array(text.utf8)) }

    func failure(_ text: String) -> WireError? {
        if case .failure(let error) = decode(text) { return error }
        return nil
    }

    @Test func sizeLimit() throws {
        let prefix = #"{"type":"message.send","id":"c","visit":"v","text":""#
        let fill = CommandDecoder.maxCommandBytes - prefix.utf8.count - 2
        let exact = prefix + String(repeating: "a", count: fill) + #""}"#
        #expect(exact.utf8.count == CommandDecoder.maxCommandBytes)
        #expect(try decode(exact).get().type == .messageSend)
        let over = prefix + String(repeating: "a", count: fill + 1) + #""}"#
        #expect(failure(over)?.reason == .tooLarge)
    }

    @Test func unknownTypeIsInvalidAndEchoesTheID() {
        let error = failure(#"{"type":"visit.delete","id":"c-9","visit":"v"}"#)
        #expect(error?.reason == .unknownType)
        #expect(error?.id == "c-9")
        #expect(error?.code == .invalid)
        #expect(failure(#"{"id":"c-9"}"#)?.reason == .missingField)
        #expect(failure(#"{"type":7,"id":"c-9"}"#)?.reason == .badField)
    }

    @Test(arguments: [
        #"{"type":"message.send","id":"c","visit":"v","text":5}"#,
        #"{"type":"message.send","id":"c","visit":7,"text":"x"}"#,
        #"{"type":"message.send","id":"c","visit":"","text":"x"}"#,
        #"{"type":"read","id":"c","visit":"v","upTo":"3"}"#,
        #"{"type":"read","id":"c","visit":"v","upTo":-1}"#,
        #"{"type":"read","id":"c","visit":"v","upTo":1.5}"#,
        #"{"type":"read","id":"c","visit":"v","upTo":1.0}"#,
        #"{"type":"read","id":"c","visit":"v","upTo":1e2}"#,
        #"{"type":"read","id":"c","visit":"v","upTo":18446744073709551616}"#,
        #"{"type":"read","id":"c","visit":"v","upTo":99999999999999999999999999999999999999999999}"#,
        #"{"type":"visit.priority","id":"c","visit":"v","priority":true}"#,
        #"{"type":"visit.priority","id":"c","visit":"v","priority":9223372036854775808}"#,
        #"{"type":"visit.end","id":"c","visit":"v","asyncPhaseDays":14,"chargeForVisit":"true"}"#,
        #"{"type":"visit.end","id":"c","visit":"v","asyncPhaseDays":1e400,"chargeForVisit":true}"#,
        #"{"type":"queue.subscribe","id":"c","unit":"u","role":"surgeon"}"#,
        #"{"type":"visit.history","id":"c","visit":"v","limit":0}"#,
        #"{"type":"visit.history","id":"c","visit":"v","limit":201}"#,
        #"{"type":"hello","id":"c","token":"t","resume":{"v":-4}}"#,
        #"{"type":"hello","id":"c","token":"t","resume":[1]}"#,
    ])
    func wrongFieldTypes(_ text: String) {
        let error = failure(text)
        #expect(error?.reason == .badField, "\(text)")
        #expect(error?.id == "c")
    }

    @Test func missingFields() {
        #expect(failure(#"{"type":"message.send","id":"c","visit":"v"}"#)?.reason == .missingField)
        #expect(failure(#"{"type":"message.send","id":"c","text":"x"}"#)?.reason == .missingField)
        #expect(failure(#"{"type":"message.send","id":"c","visit":"v","text":null}"#)?.reason == .missingField)
        let noID = failure(#"{"type":"visit.accept","visit":"v"}"#)
        #expect(noID?.reason == .missingField)
        #expect(noID?.id == nil)
    }

    @Test func commandIDBounds() {
        let long = String(repeating: "x", count: CommandDecoder.maxCommandIDBytes + 1)
        let error = failure(#"{"type":"visit.accept","id":""# + long + #"","visit":"v"}"#)
        #expect(error?.reason == .badField)
        #expect(error?.id == nil)
        #expect(failure(#"{"type":"visit.accept","id":17,"visit":"v"}"#)?.id == nil)
        #expect(failure(#"{"type":"visit.accept","id":"","visit":"v"}"#) != nil)
    }

    @Test func resumeBound() {
        let members = (0...CommandDecoder.maxResumeVisits).map { #""v\#($0)":1"# }.joined(separator: ",")
        #expect(failure(#"{"type":"hello","id":"c","token":"t","resume":{"# + members + "}}")?.reason == .badField)
    }

    @Test func deepNesting() throws {
        let ok = String(repeating: "[", count: CommandDecoder.maxDepth - 1) + String(repeating: "]", count: CommandDecoder.maxDepth - 1)
        #expect(try decode(#"{"type":"visit.accept","id":"c","visit":"v","x":"# + ok + "}").get().type == .visitAccept)
        let deep = String(repeating: "[", count: CommandDecoder.maxDepth) + String(repeating: "]", count: CommandDecoder.maxDepth)
        #expect(failure(#"{"type":"visit.accept","id":"c","visit":"v","x":"# + deep + "}")?.reason == .tooDeep)
        // Far past the limit, and unterminated: refused at the limit, no recursion beyond it.
        #expect(failure(String(repeating: "[", count: 60_000))?.reason == .tooDeep)
        #expect(failure(String(repeating: #"{"a":"#, count: 10_000))?.reason == .tooDeep)
    }

    @Test func duplicateKeysAreRefused() {
        let error = failure(#"{"type":"message.send","id":"c","visit":"v","text":"a","text":"b"}"#)
        #expect(error?.reason == .duplicateKey)
        #expect(error?.id == "c")
        // A duplicated id is ambiguous, so it is not echoed.
        #expect(failure(#"{"type":"visit.accept","id":"c","id":"d","visit":"v"}"#)?.id == nil)
        #expect(failure(#"{"type":"visit.accept","id":"c","visit":"v","x":{"a":1,"a":2}}"#)?.reason == .duplicateKey)
        // Many keys take the hashed path.
        let keys = (0..<40).map { #""k\#($0)":1"# }.joined(separator: ",")
        #expect(failure(#"{"type":"visit.accept","id":"c","visit":"v","#  + keys + #","k7":2}"#)?.reason == .duplicateKey)
    }

    @Test func nulIsRefused() {
        let error = failure(#"{"type":"message.send","id":"c","visit":"v","text":"a\u0000b"}"#)
        #expect(error?.reason == .nulInString)
        #expect(error?.id == "c")
        #expect(failure(#"{"type":"message.send","id":"c\u0000","visit":"v","text":"a"}"#)?.id == nil)
        // A raw NUL (or any raw control character) is not JSON at all.
        #expect(failure("{\"type\":\"message.send\",\"id\":\"c\",\"visit\":\"v\",\"text\":\"a\u{0}b\"}")?.reason == .malformed)
        #expect(failure("{\"type\":\"message.send\",\"id\":\"c\",\"visit\":\"v\",\"text\":\"a\u{1}b\"}")?.reason == .malformed)
    }

    @Test(arguments: [#"\ud800"#, #"\udc00"#, #"\ud800\u0041"#, #"\ud800x"#, #"\udbff\ud800"#, #"x\udfff"#])
    func loneSurrogatesAreRefused(_ escape: String) {
        let error = failure(#"{"type":"message.send","id":"c","visit":"v","text":""# + escape + #""}"#)
        #expect(error?.reason == .loneSurrogate)
        #expect(error?.id == "c")
    }

    @Test func textIsKeptByteExact() throws {
        let cases: [(json: String, text: String)] = [
            (#"\ud83d\ude00 \u00e9"#, "😀 é"),
            ("e\u{301} å\u{2028}\u{7F}", "e\u{301} å\u{2028}\u{7F}"),  // not normalised, separators kept
            (#"a\/b\"c\\d\n\t\u0007"#, "a/b\"c\\d\n\t\u{7}"),
            ("   ", "   "),
        ]
        for (json, text) in cases {
            let command = try decode(#"{"type":"message.send","id":"c","visit":"v","text":""# + json + #""}"#).get()
            guard case .sendMessage(_, let decoded) = command.action else { Issue.record("\(command)"); continue }
            #expect(Array(decoded.utf8) == Array(text.utf8))
        }
    }

    @Test func unknownFieldsAreIgnoredAndNullIsAbsent() throws {
        let command = try decode(
            #" {"future":{"nested":[1,2.5e-3,true,null,"x"]},"type":"visit.open","visit":"v","after":null,"id":"c"} "#
        ).get()
        #expect(command == ClientCommand(id: "c", .open("v", after: nil)))
    }

    @Test(arguments: [
        "", " ", "[]", "\"x\"", "42", "null", "{", "{\"type\":\"typing\"", "{\"type\":\"typing\",}", "{} {}",
        "{\"a\":tru}", "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}",
        "{'a':1}", "{\"a\":1}x", "\u{FEFF}{}",
    ])
    func malformed(_ text: String) {
        #expect(failure(text)?.reason == .malformed, "\(text.debugDescription)")
    }

    @Test func invalidUTF8IsMalformed() {
        let prefix = Array(#"{"type":"message.send","id":"c","visit":"v","text":""#.utf8)
        for bad: [UInt8] in [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80]] {
            let frame = prefix + bad + Array(#""}"#.utf8)
            guard case .failure(let error) = decoder.decode(frame) else { Issue.record("accepted \(bad)"); continue }
            #expect(error.reason == .malformed)
        }
    }

    /// Mutated golden commands and random bytes: the decoder answers every one.
    @Test func mutationsNeverTrap() {
        var rng = SplitMix64(seed: 0xCA4E)
        let seeds = Samples.commands.map { CommandEncoder().encode($0.command) }
        var accepted = 0
        for round in 0..<20_000 {
            var frame = seeds[round % seeds.count]
            for _ in 0...(rng.next() % 4) {
                let position = Int(rng.next() % UInt64(frame.count))
                switch rng.next() % 4 {
                case 0: frame[position] = UInt8(truncatingIfNeeded: rng.next())
                case 1: frame.remove(at: position)
                case 2:
                    let syntax = Array("{[\"\\:,}]0-e.".utf8)
                    frame.insert(syntax[Int(rng.next() % UInt64(syntax.count))], at: position)
                default: frame = Array(frame[..<position])
                }
                if frame.isEmpty { break }
            }
            if case .success = decoder.decode(frame) { accepted += 1 }
        }
        #expect(accepted < 20_000)
        for _ in 0..<2_000 {
            let frame = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            _ = decoder.decode(frame)
        }
    }
}

/// A tiny deterministic generator, so a failing mutation reproduces.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
