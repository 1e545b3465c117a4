import TLS

/// Paths of the committed PEM fixtures (see scripts/make-test-cert.sh).
enum Fixture {
    static func path(_ name: String) -> String {
        let directory = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        return directory.joined(separator: "/") + "/Fixtures/" + name
    }

    static let rsaCertificate = path("rsa-cert.pem")
    static let rsaKey = path("rsa-key.pem")
    static let ecCertificate = path("ec-cert.pem")
    static let ecKey = path("ec-key.pem")
    static let otherRSAKey = path("other-rsa-key.pem")
    static let encryptedKey = path("encrypted-key.pem")

    static func serverContext(alpn: [String] = ["http/1.1"]) throws -> TLSContext {
        try TLSContext(server: TLSConfiguration(
            certificateChainPath: rsaCertificate, privateKeyPath: rsaKey, alpn: alpn))
    }

    /// A client that verifies the server against the RSA fixture.
    static func verifyingClient(alpn: [String] = []) throws -> TLSContext {
        try TLSContext(client: (verifyPeer: true, trustedCertificatePath: rsaCertificate), alpn: alpn)
    }
}

/// A client and a server session wired back to back in memory.
final class Link {
    let client: TLSSession
    let server: TLSSession
    var receivedByClient: [UInt8] = []
    var receivedByServer: [UInt8] = []

    init(client: TLSContext, server: TLSContext, serverName: String? = "localhost") throws {
        self.client = try TLSSession(context: client, serverName: serverName)
        self.server = try TLSSession(context: server)
    }

    /// Moves ciphertext both ways until neither side has anything left to say,
    /// feeding it `chunk` bytes per receive call (nil: everything at once).
    func pump(chunk: Int? = nil) throws {
        while client.hasCiphertext || server.hasCiphertext {
            receivedByServer += try Self.feed(client.takeCiphertext(), to: server, chunk: chunk)
            receivedByClient += try Self.feed(server.takeCiphertext(), to: client, chunk: chunk)
        }
    }

    static func feed(_ bytes: [UInt8], to session: TLSSession, chunk: Int?) throws -> [UInt8] {
        var received: [UInt8] = []
        let step = max(chunk ?? bytes.count, 1)
        try bytes.withUnsafeBytes { all in
            var start = 0
            while start < all.count {
                let end = min(start + step, all.count)
                received += try session.receive(UnsafeRawBufferPointer(rebasing: all[start..<end]))
                start = end
            }
        }
        return received
    }
}

extension TLSSession {
    func send(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try send($0) }
    }
}

/// Deterministic, non-repeating-looking test payload.
func payload(_ count: Int, seed: UInt32 = 1) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 1_664_525 &+ 1_013_904_223
        return UInt8(truncatingIfNeeded: state >> 24)
    }
}
