/// An event encoded for both views. When the views are the same (most events) both properties
/// share one buffer, so fanning out to patients and staff costs no second encoding or copy.
public struct EncodedEvent: Hashable, Sendable {
    public let patient: [UInt8]
    public let staff: [UInt8]
    /// True when both views are the same bytes (and the same buffer).
    public let isShared: Bool

    init(patient: [UInt8], staff: [UInt8]) {
        self.patient = patient
        self.staff = staff
        isShared = false
    }

    init(shared: [UInt8]) {
        patient = shared
        staff = shared
        isShared = true
    }

    public func bytes(for audience: Audience) -> [UInt8] {
        audience == .patient ? patient : staff
    }
}
