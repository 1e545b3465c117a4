import Testing
@testable import Server

@Suite struct ServerConfigurationTests {
    @Test func defaultsAreTheDocumentedLimits() throws {
        let c = try ServerConfiguration.parse(arguments: [], environment: [:])
        #expect(c.port == 8080 && c.host == "127.0.0.1")
        #expect(c.maxFrameBytes == 1 << 20 && c.maxMessageBytes == 1 << 20 && c.maxFragments == 1024)
        #expect(c.handshakeTimeout == 10 && c.idleTimeout == 120 && c.pingInterval == 30 && c.pingTimeout == 10)
        #expect(c.sendQueueHighWater == 65536 && c.sendQueueLimit == 4 << 20)
        #expect(c.deflate && !c.echo && !c.rooms)
        #expect(c.maxRequestBodyBytes == 65536 && c.httpReplyTimeout == 30)
    }

    @Test func flagsWinOverTheEnvironment() throws {
        let c = try ServerConfiguration.parse(
            arguments: ["--port", "9000", "--no-deflate", "--echo", "--max-message-bytes=2048"],
            environment: ["CAREWIRE_PORT": "7000", "CAREWIRE_LOOPS": "3", "CAREWIRE_DEFLATE": "1"])
        #expect(c.port == 9000)
        #expect(c.loops == 3)
        #expect(!c.deflate)
        #expect(c.echo)
        #expect(c.maxMessageBytes == 2048)
    }

    @Test func requestBodyLimitAndReplyTimeoutComeFromFlagsOrTheEnvironment() throws {
        let fromEnvironment = try ServerConfiguration.parse(
            arguments: [], environment: ["CAREWIRE_MAX_REQUEST_BODY": "1024", "CAREWIRE_HTTP_REPLY_TIMEOUT": "2.5"])
        #expect(fromEnvironment.maxRequestBodyBytes == 1024 && fromEnvironment.httpReplyTimeout == 2.5)
        let fromFlags = try ServerConfiguration.parse(
            arguments: ["--max-request-body=0", "--http-reply-timeout", "5"], environment: ["CAREWIRE_MAX_REQUEST_BODY": "1024"])
        #expect(fromFlags.maxRequestBodyBytes == 0 && fromFlags.httpReplyTimeout == 5)
    }

    @Test func allowedOriginsAreAListOfExactOrigins() throws {
        let c = try ServerConfiguration.parse(arguments: ["--allowed-origins", "https://a.example, http://b.example:8080"], environment: [:])
        #expect(c.allowedOrigins == ["https://a.example", "http://b.example:8080"])
    }

    @Test(arguments: [
        (["--port", "70000"], "--port"),
        (["--port"], "--port needs a value"),
        (["--bogus"], "unknown option --bogus"),
        (["--max-frame-bytes", "12"], "--max-frame-bytes"),
        (["--send-queue-limit", "10"], "--send-queue-limit"),
        (["--handshake-timeout", "-1"], "--handshake-timeout"),
        (["--tls-cert", "a.pem"], "--tls-key go together"),
        (["--allowed-origins", "example.com"], "is not an origin"),
        (["--log-level", "loud"], "--log-level"),
        (["--max-request-body", "-1"], "--max-request-body"),
        (["--max-request-body", "2000000000"], "--max-request-body"),
        (["--max-request-body", "64k"], "--max-request-body"),
        (["--http-reply-timeout", "0"], "--http-reply-timeout"),
        (["stray"], "unexpected argument"),
    ])
    func badInputIsRefusedWithTheFlagNamed(arguments: [String], expected: String) {
        #expect {
            _ = try ServerConfiguration.parse(arguments: arguments, environment: [:])
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    @Test func aMalformedEnvironmentSwitchIsAnErrorNotIgnored() {
        #expect(throws: ConfigurationError.self) {
            _ = try ServerConfiguration.parse(arguments: [], environment: ["CAREWIRE_ECHO": "maybe"])
        }
    }
}
