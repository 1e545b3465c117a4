import Clinic
import Posix
import Tokens

/// `carewire token`: mints a development token with the server's secret and prints it.
///   carewire token --demo patient-pia
///   carewire token --patient ID --name NAME --pin PIN
///   carewire token --staff ID --name NAME --provider P --units a,b --role nurse [--rights billing]
/// Common: --token-secret TEXT (or CAREWIRE_TOKEN_SECRET; the demo secret with --demo), --ttl SECONDS (3600).
enum TokenCommand {
    /// Longest lifetime a minted token may have: a year and a day. Tokens are short-lived bearer
    /// credentials; the bound also keeps `now + ttl` far from overflow.
    static let maxTTL: Int64 = 366 * 86_400
    static let usage = """
        usage: carewire token --demo SUBJECT
               carewire token --patient ID --name NAME --pin PERSONNUMMER
               carewire token --staff ID --name NAME --provider ID --units U1,U2 --role ROLE [--rights billing]
        options: --token-secret TEXT (or CAREWIRE_TOKEN_SECRET), --ttl SECONDS (3600, at most 366 days)
        """

    static func run(_ arguments: [String], environment: [String: String]) -> Int32 {
        var values: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let name = arguments[index]
            guard name.hasPrefix("--"), index + 1 < arguments.count else {
                Output.standardError("carewire token: unexpected \"\(name)\"\n\(usage)\n")
                return 2
            }
            values[String(name.dropFirst(2))] = arguments[index + 1]
            index += 2
        }
        let now = Int64(ProcessResources.wallClockSeconds())
        let ttl = Int64(values["ttl"] ?? "3600") ?? -1
        guard (1...Self.maxTTL).contains(ttl) else {
            Output.standardError("carewire token: --ttl must be 1-\(Self.maxTTL) seconds (366 days)\n")
            return 2
        }
        var claims: TokenClaims?
        if let subject = values["demo"] {
            claims = DemoClinic.standard.claims(for: subject, now: now)
            claims?.exp = now + ttl
        } else if let patient = values["patient"], let name = values["name"], let pin = values["pin"] {
            claims = TokenClaims(sub: patient, kind: .patient, name: name, pin: pin, exp: now + ttl, iat: now)
        } else if let staff = values["staff"], let name = values["name"], let provider = values["provider"],
            let units = values["units"], let role = values["role"]
        {
            claims = TokenClaims(sub: staff, kind: .staff, name: name, provider: provider,
                                 units: units.split(separator: ",").map(String.init), role: role,
                                 rights: values["rights"].map { $0.split(separator: ",").map(String.init) },
                                 exp: now + ttl, iat: now)
        }
        guard let claims else {
            Output.standardError("carewire token: say who the token is for\n\(usage)\n")
            return 2
        }
        guard let secret = values["token-secret"] ?? environment["CAREWIRE_TOKEN_SECRET"]
            ?? (values["demo"] != nil ? CareOptions.demoSecret : nil)
        else {
            Output.standardError("carewire token: --token-secret or CAREWIRE_TOKEN_SECRET is required\n")
            return 2
        }
        do {
            try claims.validate(now: now)
        } catch {
            Output.standardError("carewire token: \(error)\n")
            return 2
        }
        Output.standardOutput(TokenIssuer(secret: Array(secret.utf8)).issue(claims) + "\n")
        return 0
    }
}
