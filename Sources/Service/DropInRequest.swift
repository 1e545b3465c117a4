import Care

/// A patient seeking care: what triage (or the demo patient) chose. The host checks that the
/// resource exists in the directory; the desk checks the rest through `VisitFactory`.
public struct DropInRequest: Hashable, Sendable {
    public var contactReason: String
    public var text: String
    public var priority: Priority
    public var resource: Resource
    public var careProvider: CareProviderID

    public init(contactReason: String, text: String, priority: Priority, resource: Resource,
                careProvider: CareProviderID) {
        self.contactReason = contactReason
        self.text = text
        self.priority = priority
        self.resource = resource
        self.careProvider = careProvider
    }
}
