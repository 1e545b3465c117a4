/// A right granted to a staff member beyond their role.
public enum Right: String, Hashable, Sendable, Codable {
    /// The billing view (Kassaregistrering): visits ended with "charge for this visit" = yes.
    case billing
}
