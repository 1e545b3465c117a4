import Care

/// Where new visit ids come from. Ids must be unguessable (a patient must not find another's
/// visit by counting); tests inject a predictable source.
public protocol VisitIDSource {
    mutating func next() -> VisitID
}

/// 128 random bits as 32 lowercase hex digits. `SystemRandomNumberGenerator` reads the kernel's
/// CSPRNG (getrandom(2), i.e. /dev/urandom's pool, on Linux), so no extra dependency is needed.
public struct RandomVisitIDs: VisitIDSource {
    private var generator = SystemRandomNumberGenerator()

    public init() {}

    public mutating func next() -> VisitID {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(32)
        for _ in 0..<2 {
            var word = generator.next() as UInt64
            for _ in 0..<16 {
                text.append(digits[Int(word & 0xf)])
                word >>= 4
            }
        }
        return VisitID(String(decoding: text, as: UTF8.self))
    }
}
