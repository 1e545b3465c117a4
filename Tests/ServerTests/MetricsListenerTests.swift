import Testing
@testable import Server
import TLS

/// `--metrics-address`: /metrics on a listener of its own, and then not on the service port.
@Suite struct MetricsAddressConfigurationTests {
    @Test func metricsAddressIsOffByDefault() throws {
        #expect(try ServerConfiguration.parse(arguments: [], environment: [:]).metricsAddress == nil)
    }

    @Test(arguments: [
        ("127.0.0.1:9100", ListenAddress(host: "127.0.0.1", port: 9100)),
        ("127.0.0.1:0", ListenAddress(host: "127.0.0.1", port: 0)),
        ("[::1]:9100", ListenAddress(host: "::1", port: 9100)),
        ("localhost:9100", ListenAddress(host: "localhost", port: 9100)),
        (" 0.0.0.0:9100 ", ListenAddress(host: "0.0.0.0", port: 9100)),
    ])
    func metricsAddressFromTheFlagOrTheEnvironment(text: String, expected: ListenAddress) throws {
        #expect(try ServerConfiguration.parse(arguments: ["--metrics-address", text], environment: [:]).metricsAddress == expected)
        #expect(try ServerConfiguration.parse(arguments: ["--metrics-address=\(text)"], environment: [:]).metricsAddress == expected)
        let fromEnvironment = try ServerConfiguration.parse(arguments: [], environment: ["CAREWIRE_METRICS_ADDRESS": text])
        #expect(fromEnvironment.metricsAddress == expected)
        #expect(expected.authority(port: 1) == (expected.host.contains(":") ? "[\(expected.host)]:1" : "\(expected.host):1"))
    }

    @Test(arguments: ["", "9100", "127.0.0.1", "127.0.0.1:", "127.0.0.1:70000", "127.0.0.1:-1", "example.com:9100", "::1:9100",
                      "[127.0.0.1]:9100", "[::1]", ":9100", "127.0.0.1:9100x"])
    func aBadMetricsAddressIsRefusedNamingTheFlag(text: String) {
        #expect {
            _ = try ServerConfiguration.parse(arguments: ["--metrics-address", text], environment: [:])
        } throws: { "\($0)".hasPrefix("--metrics-address: ") }
        #expect(throws: ConfigurationError.self) {
            _ = try ServerConfiguration.parse(arguments: [], environment: ["CAREWIRE_METRICS_ADDRESS": text])
        }
    }

    @Test func theFlagIsInTheUsage() {
        #expect(ServerConfiguration.usage.contains("--metrics-address VALUE"))
    }
}

@Suite(.serialized) struct MetricsListenerTests {
    static func metricsPort(_ server: Server) throws -> UInt16 {
        let url = try #require(server.metricsURL)
        #expect(url.hasPrefix("http://127.0.0.1:") && url.hasSuffix("/metrics"))
        return try #require(UInt16(url.dropFirst("http://127.0.0.1:".count).dropLast("/metrics".count)))
    }

    static func get(_ path: String, port: UInt16) throws -> (status: Int, head: String, body: [UInt8]) {
        let client = try TestClient(port: port)
        client.send("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n")
        return try client.readHTTPResponse()
    }

    @Test func withoutTheFlagMetricsStayOnTheServicePort() throws {
        let server = try ServerEndToEndTests.start()
        defer { server.shutdown(); server.wait() }
        #expect(server.metricsURL == nil)
        #expect(try Self.get("/metrics", port: server.port).status == 200)
    }

    @Test func theMetricsListenerServesMetricsAndHealthOnly() throws {
        let server = try ServerEndToEndTests.start { $0.metricsAddress = ListenAddress(host: "127.0.0.1", port: 0) }
        defer { server.shutdown(); server.wait() }
        let port = try Self.metricsPort(server)
        #expect(port != server.port)
        let metrics = try Self.get("/metrics", port: port)
        #expect(metrics.status == 200 && HardeningEndToEndTests.carriesSecurityHeaders(metrics.head))
        #expect(String(decoding: metrics.body, as: UTF8.self).contains("\ncarewire_connections "))
        #expect(try Self.get("/healthz", port: port).status == 200)
        #expect(try Self.get("/nope", port: port).status == 404)
        // No WebSocket there, even on a path the service port upgrades.
        let upgrade = try TestClient(port: port)
        #expect(try upgrade.upgrade(path: "/echo") == 404)
        // The service port: no /metrics any more, the rest as before.
        let hidden = try Self.get("/metrics", port: server.port)
        #expect(hidden.status == 404 && HardeningEndToEndTests.carriesSecurityHeaders(hidden.head))
        #expect(try Self.get("/healthz", port: server.port).status == 200)
        let echo = try TestClient(port: server.port)
        #expect(try echo.upgrade(path: "/echo") == 101)
    }

    @Test func theMetricsListenerIsPlainHTTPWhenTheServiceSpeaksTLS() throws {
        let fixtures = String(#filePath.split(separator: "/").dropLast(2).joined(separator: "/")) + "/TLSTests/Fixtures"
        let server = try ServerEndToEndTests.start {
            $0.tlsCertificatePath = "/" + fixtures + "/rsa-cert.pem"
            $0.tlsPrivateKeyPath = "/" + fixtures + "/rsa-key.pem"
            $0.metricsAddress = ListenAddress(host: "127.0.0.1", port: 0)
        }
        defer { server.shutdown(); server.wait() }
        #expect(try Self.get("/metrics", port: try Self.metricsPort(server)).status == 200)
        let trust = try TLSContext(client: (verifyPeer: true, trustedCertificatePath: "/" + fixtures + "/rsa-cert.pem"))
        let service = try TestClient(port: server.port, tls: trust)
        service.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try service.readHTTPResponse().status == 404)
    }

    @Test func aMetricsPortInUseFailsTheStart() throws {
        let server = try ServerEndToEndTests.start { $0.metricsAddress = ListenAddress(host: "127.0.0.1", port: 0) }
        defer { server.shutdown(); server.wait() }
        let taken = try Self.metricsPort(server)
        #expect(throws: (any Error).self) {
            _ = try ServerEndToEndTests.start { $0.metricsAddress = ListenAddress(host: "127.0.0.1", port: taken) }
        }
    }
}
