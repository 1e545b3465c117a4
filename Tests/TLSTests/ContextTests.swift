import Testing
import TLS

@Suite struct ContextTests {
    private func serverError(certificate: String, key: String) -> TLSError? {
        #expect(throws: TLSError.self) {
            try TLSContext(server: TLSConfiguration(certificateChainPath: certificate, privateKeyPath: key))
        }
    }

    @Test func keyOfTheSameTypeThatDoesNotMatch() {
        let error = serverError(certificate: Fixture.rsaCertificate, key: Fixture.otherRSAKey)
        #expect(error?.kind == .configuration)
        #expect(error?.description.contains("does not match the certificate") == true, "\(String(describing: error))")
    }

    @Test func keyOfAnotherType() {
        let error = serverError(certificate: Fixture.rsaCertificate, key: Fixture.ecKey)
        #expect(error?.description.contains("does not match the certificate") == true, "\(String(describing: error))")
    }

    @Test func missingCertificateFile() {
        let error = serverError(certificate: "/nonexistent/cert.pem", key: Fixture.rsaKey)
        let text = error?.description ?? ""
        #expect(text.contains("cannot load the certificate chain from /nonexistent/cert.pem"), "\(text)")
        #expect(text.contains("No such file or directory"), "\(text)")
    }

    @Test func missingKeyFile() {
        let error = serverError(certificate: Fixture.rsaCertificate, key: "/nonexistent/key.pem")
        #expect(error?.description.contains("cannot open the private key /nonexistent/key.pem") == true)
    }

    @Test func encryptedKeyIsRefusedWithoutPrompting() {
        let error = serverError(certificate: Fixture.rsaCertificate, key: Fixture.encryptedKey)
        #expect(error?.description.contains("unencrypted PEM expected") == true, "\(String(describing: error))")
    }

    @Test func certificateFileThatIsNotPEM() {
        let error = serverError(certificate: #filePath, key: Fixture.rsaKey)
        #expect(error?.kind == .configuration)
        #expect(error?.openSSLErrors.isEmpty == false)
    }

    @Test func serverMinimumBelowTLS12IsRejected() {
        #expect(throws: TLSError.self) {
            try TLSContext(server: TLSConfiguration(
                certificateChainPath: Fixture.rsaCertificate, privateKeyPath: Fixture.rsaKey, minimumVersion: .tls1_1))
        }
    }

    @Test func invalidALPNName() {
        #expect(throws: TLSError.self) { try Fixture.serverContext(alpn: [""]) }
        #expect(throws: TLSError.self) {
            try TLSContext(client: (verifyPeer: false, trustedCertificatePath: nil), alpn: [String(repeating: "x", count: 256)])
        }
    }

    @Test func missingTrustFile() {
        let error = #expect(throws: TLSError.self) {
            try TLSContext(client: (verifyPeer: true, trustedCertificatePath: "/nonexistent/ca.pem"))
        }
        #expect(error?.description.contains("/nonexistent/ca.pem") == true)
    }
}
