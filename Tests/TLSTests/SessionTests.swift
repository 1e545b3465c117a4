import Testing
import TLS

@Suite struct SessionTests {
    @Test func handshakeCompletesInMemory() throws {
        let link = try Link(client: Fixture.verifyingClient(alpn: ["h2", "http/1.1"]), server: Fixture.serverContext())
        #expect(link.client.hasCiphertext, "the ClientHello is ready as soon as the client session exists")
        #expect(!link.server.hasCiphertext)
        try link.pump()
        #expect(link.client.isHandshakeComplete && link.server.isHandshakeComplete)
        #expect(link.server.negotiatedVersion == .tls1_3)
        #expect(link.client.negotiatedALPN == "http/1.1")
        #expect(link.server.negotiatedALPN == "http/1.1")
        #expect(link.receivedByClient.isEmpty && link.receivedByServer.isEmpty)
    }

    @Test func applicationDataBothWays() throws {
        let link = try Link(client: Fixture.verifyingClient(), server: Fixture.serverContext())
        try link.pump()
        try link.client.send(Array("GET /ws HTTP/1.1\r\n\r\n".utf8))
        try link.pump()
        #expect(link.receivedByServer == Array("GET /ws HTTP/1.1\r\n\r\n".utf8))
        try link.server.send(Array("HTTP/1.1 101 Switching Protocols\r\n\r\n".utf8))
        try link.pump()
        #expect(link.receivedByClient == Array("HTTP/1.1 101 Switching Protocols\r\n\r\n".utf8))
        #expect(link.client.negotiatedALPN == nil, "the client offered no ALPN")
    }

    @Test(arguments: [TLSVersion.tls1_2, .tls1_3])
    func oneMebibyteEachWay(version: TLSVersion) throws {
        let client = try TLSContext(
            client: (verifyPeer: true, trustedCertificatePath: Fixture.rsaCertificate), maximumVersion: version)
        let link = try Link(client: client, server: Fixture.serverContext())
        try link.pump()
        #expect(link.server.negotiatedVersion == version)
        let upload = payload(1 << 20, seed: 7)
        let download = payload(1 << 20, seed: 8)
        try link.client.send(upload)
        try link.server.send(download)
        try link.pump()
        #expect(link.receivedByServer == upload)
        #expect(link.receivedByClient == download)
    }

    @Test func everythingFedOneByteAtATime() throws {
        let link = try Link(client: Fixture.verifyingClient(), server: Fixture.serverContext())
        try link.pump(chunk: 1)
        #expect(link.client.isHandshakeComplete && link.server.isHandshakeComplete)
        let message = payload(40_000)  // spans three records
        try link.client.send(message)
        try link.server.send(Array("ok".utf8))
        try link.pump(chunk: 1)
        #expect(link.receivedByServer == message)
        #expect(link.receivedByClient == Array("ok".utf8))
        link.client.close()
        try link.pump(chunk: 1)
        #expect(link.server.peerClosed)
    }

    @Test func closeNotifyBothWays() throws {
        let link = try Link(client: Fixture.verifyingClient(), server: Fixture.serverContext())
        try link.pump()
        try link.client.send(Array("bye".utf8))
        link.client.close()
        #expect(throws: TLSError(.closed, "send after close()")) { try link.client.send([1]) }
        try link.pump()
        #expect(link.receivedByServer == Array("bye".utf8))
        #expect(link.server.peerClosed && !link.client.peerClosed)
        // Half-closed: the server may still answer before closing its side.
        try link.server.send(Array("last".utf8))
        link.server.close()
        try link.pump()
        #expect(link.receivedByClient == Array("last".utf8))
        #expect(link.client.peerClosed)
        #expect(!link.client.hasCiphertext && !link.server.hasCiphertext)
    }

    @Test func plaintextQueuedDuringHandshakeIsSentAfterIt() throws {
        let link = try Link(client: Fixture.verifyingClient(), server: Fixture.serverContext())
        try link.client.send(Array("early".utf8))
        try link.client.send(Array(" bird".utf8))
        link.client.close()  // deferred until the queue has gone out
        try link.pump()
        #expect(link.receivedByServer == Array("early bird".utf8))
        #expect(link.server.peerClosed)
    }

    @Test func queueBeforeHandshakeIsCapped() throws {
        let session = try TLSSession(context: Fixture.verifyingClient(), serverName: "localhost")
        let error = #expect(throws: TLSError.self) {
            try session.send(payload(TLSSession.maximumQueuedPlaintext + 1))
        }
        #expect(error?.kind == .bufferLimitExceeded)
        try session.send(payload(TLSSession.maximumQueuedPlaintext))  // exactly the cap still fits
    }

    @Test func ellipticCurveServer() throws {
        let server = try TLSContext(server: TLSConfiguration(
            certificateChainPath: Fixture.ecCertificate, privateKeyPath: Fixture.ecKey))
        let client = try TLSContext(client: (verifyPeer: true, trustedCertificatePath: Fixture.ecCertificate))
        let link = try Link(client: client, server: server, serverName: "127.0.0.1")
        try link.pump()
        try link.server.send([1, 2, 3])
        try link.pump()
        #expect(link.receivedByClient == [1, 2, 3])
    }
}
