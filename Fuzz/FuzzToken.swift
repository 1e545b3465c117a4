// libFuzzer target: the access-token path of every connection (Sources/Tokens): splitting the
// compact JWT, Base64URL, the header's alg check, HS256 (OpenSSL HMAC, constant-time compare),
// the claims' JSON decoding (TokenClaims: exp, iat, nbf at any size) and their validation.
// The first input byte chooses the mode and the clock; the rest is
//   mode 0: a whole token as a client sends it (mostly refused at the signature);
//   mode 1: the claims JSON, signed here with the standard header, so the claims are reached;
//   mode 2: header JSON, a NUL byte, claims JSON, signed here (alg confusion: "none", "hs256").
// The oracles: no crash or trap; Base64URL has one encoding per value; an accepted token is
// unexpired at `now`, survives re-issuing unchanged, and has an expiry the server can hold in
// milliseconds (the session computes `exp * 1000` for its `expiresAt`).
import COpenSSL
import Tokens

private let secret = Array("fuzz-secret-0123456789abcdef".utf8)
private let issuer = TokenIssuer(secret: secret)
private let signer = HS256(secret: secret)
/// 2026-01-01, the epoch, the last second of 9999: the clocks a server may have.
private let clocks: [Int64] = [1_767_225_600, 0, 253_402_300_799]
/// The clock skew `TokenClaims.validate` allows by default.
private let leeway: Int64 = 30

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzToken(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let rest = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let now = clocks[Int(control >> 2) % clocks.count]
    let token: String
    switch control & 3 {
    case 1:
        token = signer.sign(claimsJSON: rest)
    case 2:
        let cut = rest.firstIndex(of: 0) ?? rest.count
        let signingInput = Base64URL.encode(rest[..<cut]) + "." + Base64URL.encode(rest[min(cut + 1, rest.count)...])
        token = signingInput + "." + Base64URL.encode(hmac(Array(signingInput.utf8)))
    default:
        token = String(decoding: rest, as: UTF8.self)
        for part in token.split(separator: ".", omittingEmptySubsequences: false) {
            if let bytes = Base64URL.decode(part) {
                precondition(Base64URL.encode(bytes) == String(part), "two encodings of one value: \(part)")
            }
        }
    }
    guard let claims = try? issuer.verify(token, now: now) else { return 0 }
    precondition(claims.exp > now - leeway, "an expired token was accepted: exp \(claims.exp), now \(now)")
    // Plain comparisons, not `multipliedReportingOverflow(by:).overflow`: Swift 6.3.1 at -O drops a
    // precondition on that flag here (the check never fires, found while writing this target).
    precondition((Int64.min / 1000...Int64.max / 1000).contains(claims.exp),
                 "an accepted token's exp \(claims.exp) overflows in milliseconds")
    let reissued = try? issuer.verify(issuer.issue(claims), now: now)
    precondition(reissued == claims, "re-issuing changed the claims: \(claims) -> \(String(describing: reissued))")
    return 0
}

private func hmac(_ input: [UInt8]) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: 32)
    var length: UInt32 = 0
    _ = secret.withUnsafeBytes { key in
        input.withUnsafeBytes { bytes in
            HMAC(EVP_sha256(), key.baseAddress, Int32(key.count), bytes.baseAddress, bytes.count, &out, &length)
        }
    }
    return out
}
