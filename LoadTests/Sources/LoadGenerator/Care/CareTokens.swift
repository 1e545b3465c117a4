#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Tokens

/// Mints the HS256 tokens of a run's synthetic people, with distinct subjects per run (the
/// server limits connections per subject, and a long-lived server must not mix runs).
public struct CareTokens: Sendable {
    public static let demoSecret = "carewire-demo-secret-not-for-production"
    /// Where the server queues drop-in visits by default (`--intake`, and the demo's intake).
    public static let provider = "norrsken", unit = "vc-bjorkdalen", role = "nurse"

    private let issuer: TokenIssuer
    /// Unique per run, e.g. "lg1234x5678".
    public let runPrefix: String
    private let expiry: Int64

    public init(secret: String, runPrefix: String, lifetimeSeconds: Int64 = 6 * 3600) {
        issuer = TokenIssuer(secret: Array(secret.utf8))
        self.runPrefix = runPrefix
        expiry = Int64(time(nil)) + lifetimeSeconds
    }

    public func patientSubject(_ index: Int) -> String { "\(runPrefix)-p\(index)" }
    public func staffSubject(_ index: Int) -> String { "\(runPrefix)-n\(index)" }

    public func patientClaims(_ index: Int) -> TokenClaims {
        // A personal identity number of the tax agency's test series: it belongs to nobody.
        TokenClaims(sub: patientSubject(index), kind: .patient, name: "Load Patient \(index)", pin: "19121212-1212", exp: expiry)
    }

    public func staffClaims(_ index: Int) -> TokenClaims {
        TokenClaims(sub: staffSubject(index), kind: .staff, name: "Load Nurse \(index)", provider: Self.provider,
                    units: [Self.unit], role: Self.role, rights: [], exp: expiry)
    }

    public func patient(_ index: Int) -> String { issuer.issue(patientClaims(index)) }
    public func staff(_ index: Int) -> String { issuer.issue(staffClaims(index)) }
}
