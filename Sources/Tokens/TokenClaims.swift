import FoundationEssentials

/// What a CareWire access token says about its bearer. Patients carry their personal identity
/// number; staff carry their care provider, units, role and rights (e.g. "billing").
public struct TokenClaims: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case patient
        case staff
    }

    /// Subject: the patient's or staff member's id.
    public var sub: String
    public var kind: Kind
    public var name: String
    /// Personal identity number (personnummer), patients only.
    public var pin: String?
    public var provider: String?
    public var units: [String]?
    public var role: String?
    public var rights: [String]?
    /// Expiry, seconds since 1970. Required: a token without an end is refused.
    public var exp: Int64
    public var iat: Int64?
    public var nbf: Int64?

    public init(sub: String, kind: Kind, name: String, pin: String? = nil, provider: String? = nil,
                units: [String]? = nil, role: String? = nil, rights: [String]? = nil,
                exp: Int64, iat: Int64? = nil, nbf: Int64? = nil) {
        self.sub = sub
        self.kind = kind
        self.name = name
        self.pin = pin
        self.provider = provider
        self.units = units
        self.role = role
        self.rights = rights
        self.exp = exp
        self.iat = iat
        self.nbf = nbf
    }

    /// Latest time a claim may name: 9999-12-31T23:59:59Z. Anything later (or before 1970) is
    /// refused, so no later arithmetic on a claim (× 1000 for milliseconds, + leeway) can overflow.
    public static let latestTimestamp: Int64 = 253_402_300_799
    public static let timestampRange: ClosedRange<Int64> = 0...latestTimestamp
    /// Most seconds of leeway `validate` accepts (a day); a caller's value beyond it is clamped.
    public static let maxLeeway: Int64 = 86_400

    /// Range, time and shape checks; `leeway` absorbs clock skew between issuer and server.
    public func validate(now: Int64, leeway: Int64 = 30) throws(TokenError) {
        guard Self.timestampRange.contains(exp) else { throw .claimOutOfRange("exp") }
        if let iat, !Self.timestampRange.contains(iat) { throw .claimOutOfRange("iat") }
        if let nbf, !Self.timestampRange.contains(nbf) { throw .claimOutOfRange("nbf") }
        // Saturating: `now` comes from the caller's clock, claims are in range from here on.
        let leeway = min(max(leeway, 0), Self.maxLeeway)
        let (nowPlusLeeway, overflow) = now.addingReportingOverflow(leeway)
        guard now < exp + leeway else { throw .expired }
        if let nbf, !overflow, nowPlusLeeway < nbf { throw .notYetValid }
        guard !sub.isEmpty else { throw .missingClaim("sub") }
        switch kind {
        case .patient:
            guard pin?.isEmpty == false else { throw .missingClaim("pin") }
        case .staff:
            guard provider?.isEmpty == false else { throw .missingClaim("provider") }
            guard units?.isEmpty == false else { throw .missingClaim("units") }
            guard role?.isEmpty == false else { throw .missingClaim("role") }
        }
    }
}
