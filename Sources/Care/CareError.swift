/// Why a command or a read was refused. Codes are stable: the service sends them as wire error
/// events (`code`, `reason`), and clients switch on them.
///
/// Whatever a principal may not see is `notFound`, never `forbidden`, so an error never reveals
/// that a visit exists. `forbidden` means "you can see it but may not do that".
public enum CareError: Error, Hashable, Sendable, Codable {
    case notFound
    case forbidden
    /// Well formed, but the visit's state does not allow it (now, or any more).
    case conflict(Conflict)
    /// The request itself is wrong, whatever the state.
    case invalid(Invalid)
    /// Raised by the service's limits (typing, sends); listed here so every wire code has one home.
    case rateLimited

    public enum Conflict: String, Hashable, Sendable, Codable {
        case alreadyAccepted = "already_accepted"
        case alreadyStarted = "already_started"
        case notStarted = "not_started"
        case alreadyEnded = "already_ended"
        case notInAsyncPhase = "not_in_async_phase"
        case asyncPhaseNotOver = "async_phase_not_over"
        /// The visit is closed, or its async phase has run out: it is read-only.
        case closed
        /// The patient already has as many visits open (waiting, accepted, in progress) as allowed.
        case openVisitLimit = "open_visit_limit"
    }

    public enum Invalid: String, Hashable, Sendable, Codable {
        case emptyContactReason = "empty_contact_reason"
        case contactReasonTooLong = "contact_reason_too_long"
        case textTooLong = "text_too_long"
        case priorityOutOfRange = "priority_out_of_range"
        case emptyMessage = "empty_message"
        case messageTooLong = "message_too_long"
        case badClientMessageID = "bad_client_message_id"
        case missingAsyncPhaseDays = "missing_async_phase_days"
        case asyncPhaseDaysOutOfRange = "async_phase_days_out_of_range"
        case missingChargeDecision = "missing_charge_decision"
        case readBeyondLastSeq = "read_beyond_last_seq"
    }

    /// The wire code.
    public var code: String {
        switch self {
        case .notFound: "not_found"
        case .forbidden: "forbidden"
        case .conflict: "conflict"
        case .invalid: "invalid"
        case .rateLimited: "rate_limited"
        }
    }

    /// The wire reason, for codes that carry one.
    public var reason: String? {
        switch self {
        case .conflict(let conflict): conflict.rawValue
        case .invalid(let invalid): invalid.rawValue
        case .notFound, .forbidden, .rateLimited: nil
        }
    }
}
