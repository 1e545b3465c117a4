/// Why a bearer token was refused. The wire never says which: every case is "unauthorized".
public enum TokenError: Error, Equatable, Sendable {
    case malformed
    case unsupportedAlgorithm
    case badSignature
    case expired
    case notYetValid
    case missingClaim(String)
    /// A claim outside its range (a time before 1970 or after 9999), refused rather than computed with.
    case claimOutOfRange(String)
}
