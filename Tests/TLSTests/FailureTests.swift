import Testing
@testable import TLS

@Suite struct FailureTests {
    @Test func trustedFixtureVerifies() throws {
        for name in ["localhost", "127.0.0.1"] {
            let link = try Link(client: Fixture.verifyingClient(), server: Fixture.serverContext(), serverName: name)
            try link.pump()
            #expect(link.client.isHandshakeComplete, "\(name)")
        }
    }

    @Test func certificateFromAnotherCAIsRejected() throws {
        let client = try TLSContext(client: (verifyPeer: true, trustedCertificatePath: Fixture.ecCertificate))
        let link = try Link(client: client, server: Fixture.serverContext())
        let error = #expect(throws: TLSError.self) { try link.pump() }
        #expect(error?.kind == .handshake)
        #expect(error?.description.contains("certificate verify failed") == true, "\(String(describing: error))")
        #expect(!link.client.isHandshakeComplete)
        #expect(TLSError.drainErrorQueue().isEmpty, "the failure must not leak into the next connection")
        // The client's alert reaches the server, which fails too.
        #expect(link.client.hasCiphertext)
        #expect(throws: TLSError.self) { try link.pump() }
    }

    @Test func wrongHostNameIsRejected() throws {
        let link = try Link(client: Fixture.verifyingClient(), server: Fixture.serverContext(), serverName: "example.com")
        let error = #expect(throws: TLSError.self) { try link.pump() }
        #expect(error?.description.contains("hostname mismatch") == true, "\(String(describing: error))")
    }

    @Test func nonVerifyingClientAcceptsAnyCertificate() throws {
        let client = try TLSContext(client: (verifyPeer: false, trustedCertificatePath: nil))
        let link = try Link(client: client, server: Fixture.serverContext(), serverName: "example.com")
        try link.pump()
        #expect(link.client.isHandshakeComplete)
    }

    @Test func tls11ClientIsRefused() throws {
        let client = try TLSContext(
            client: (verifyPeer: false, trustedCertificatePath: nil), minimumVersion: .tls1_1, maximumVersion: .tls1_1)
        let link = try Link(client: client, server: Fixture.serverContext())
        // The client's ClientHello goes out; the server refuses it and answers with an alert.
        let error = #expect(throws: TLSError.self) { try link.pump() }
        #expect(error?.kind == .handshake)
        #expect(error?.description.contains("unsupported protocol") == true, "\(String(describing: error))")
        #expect(!link.server.isHandshakeComplete)
        #expect(link.server.hasCiphertext)
    }

    @Test func garbageBeforeHandshakeThrows() throws {
        let server = try TLSSession(context: Fixture.serverContext())
        let garbage: [UInt8] = Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        let error = #expect(throws: TLSError.self) { _ = try garbage.withUnsafeBytes { try server.receive($0) } }
        #expect(error?.kind == .handshake)
        #expect(error?.openSSLErrors.isEmpty == false)
        #expect(TLSError.drainErrorQueue().isEmpty)
        // The session stays failed; later calls repeat the error instead of touching OpenSSL.
        let again = #expect(throws: TLSError.self) { _ = try [0x16].withUnsafeBytes { try server.receive($0) } }
        #expect(again == error)
        let onSend = #expect(throws: TLSError.self) { try server.send([1]) }
        #expect(onSend == error)
        server.close()
    }

    @Test func randomBytesNeverCrash() throws {
        for seed in UInt32(1)...50 {
            let server = try TLSSession(context: Fixture.serverContext())
            let noise = payload(Int(seed) * 37, seed: seed)
            _ = try? noise.withUnsafeBytes { try server.receive($0) }
        }
        #expect(TLSError.drainErrorQueue().isEmpty)
    }

    @Test func tamperedRecordAfterHandshakeThrows() throws {
        let link = try Link(client: Fixture.verifyingClient(), server: Fixture.serverContext())
        try link.pump()
        try link.client.send(Array("hello".utf8))
        var record = link.client.takeCiphertext()
        record[record.count - 3] ^= 0x01
        let error = #expect(throws: TLSError.self) { _ = try Link.feed(record, to: link.server, chunk: nil) }
        #expect(error?.kind == .protocolViolation)
        #expect(link.server.hasCiphertext, "a fatal alert is queued for the peer")
        #expect(TLSError.drainErrorQueue().isEmpty)
    }

    @Test func failedConnectionDoesNotDisturbTheNextOne() throws {
        let context = try Fixture.serverContext()
        let bad = try TLSSession(context: context)
        _ = try? [UInt8](repeating: 0x16, count: 64).withUnsafeBytes { try bad.receive($0) }
        let link = try Link(client: Fixture.verifyingClient(), server: context)
        try link.pump()
        try link.client.send([42])
        try link.pump()
        #expect(link.receivedByServer == [42])
    }
}
