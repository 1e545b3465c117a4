import Care

/// The stable `code` of an `error` event. Clients switch on it; `reason` refines some codes.
public enum ErrorCode: String, CaseIterable, Hashable, Sendable {
    /// Bad or expired token. The server then closes with 4001.
    case unauthorized
    /// No such visit, or one the principal may not see: the two are never told apart.
    case notFound = "not_found"
    /// Visible, but the principal may not do that.
    case forbidden
    /// The state does not allow it (now or any more); `reason` says which conflict.
    case conflict
    /// The command itself is wrong; `reason` names the rule.
    case invalid
    case rateLimited = "rate_limited"
    /// The store's queue is full: retry with backoff (the command was not performed).
    case busy
    case `internal`

    /// Care's errors map one to one: its codes are the wire's.
    public init(_ error: CareError) {
        switch error {
        case .notFound: self = .notFound
        case .forbidden: self = .forbidden
        case .conflict: self = .conflict
        case .invalid: self = .invalid
        case .rateLimited: self = .rateLimited
        }
    }
}
