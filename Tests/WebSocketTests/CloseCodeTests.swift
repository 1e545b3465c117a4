import Testing
import WebSocket

@Suite struct CloseCodeTests {
    @Test(arguments: [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999] as [UInt16])
    func validOnTheWire(code: UInt16) {
        #expect(CloseCode(rawValue: code).isValidOnWire)
    }

    @Test(arguments: [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65_535] as [UInt16])
    func invalidOnTheWire(code: UInt16) {
        #expect(!CloseCode(rawValue: code).isValidOnWire)
    }

    @Test func namedCodesHaveTheirRFCValues() {
        let named: [(CloseCode, UInt16)] = [
            (.normalClosure, 1000), (.goingAway, 1001), (.protocolError, 1002), (.unsupportedData, 1003),
            (.noStatusReceived, 1005), (.abnormalClosure, 1006), (.invalidPayloadData, 1007),
            (.policyViolation, 1008), (.messageTooBig, 1009), (.mandatoryExtension, 1010),
            (.internalError, 1011), (.tryAgainLater, 1013),
        ]
        for (code, value) in named { #expect(code.rawValue == value) }
    }
}
