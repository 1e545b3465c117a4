import Care

/// Why the desk refused or failed a request.
public enum ServiceError: Error, Hashable, Sendable {
    /// The domain said no (`not_found`, `forbidden`, `conflict`, `invalid`, …).
    case care(CareError)
    /// The store's queue is full or it is shutting down: nothing was written; retry later.
    case busy
    /// The store failed (commit error, unreadable log): nothing was acknowledged; the visit was
    /// reloaded from the log, so a retry sees its true state.
    case `internal`

    /// The wire code, beside `CareError.code`'s.
    public var code: String {
        switch self {
        case .care(let error): error.code
        case .busy: "busy"
        case .internal: "internal"
        }
    }

    public var reason: String? {
        if case .care(let error) = self { error.reason } else { nil }
    }
}
