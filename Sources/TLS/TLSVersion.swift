import COpenSSL

/// Protocol versions a context may be pinned to.
/// Versions below 1.2 exist only so tests can play an outdated client; servers refuse them.
public enum TLSVersion: Sendable, Comparable {
    case tls1_1
    case tls1_2
    case tls1_3

    var openSSLValue: Int32 {
        switch self {
        case .tls1_1: TLS1_1_VERSION
        case .tls1_2: TLS1_2_VERSION
        case .tls1_3: TLS1_3_VERSION
        }
    }
}
