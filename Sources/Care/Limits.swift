/// Bounds on what clients send. Lengths are in UTF-8 bytes: that is what the log stores and the
/// wire carries, and it cannot be gamed with combining characters the way a character count can.
public enum Limits {
    public static let contactReasonBytes = 200
    public static let triageTextBytes = 8_000
    public static let messageTextBytes = 8_000
    public static let clientMessageIDBytes = 64
    /// Length of the async phase chosen when a visit ends (0 = close at once).
    public static let asyncPhaseDays: ClosedRange<Int> = 0...365

    static func isBlank(_ text: String) -> Bool {
        text.allSatisfy(\.isWhitespace)
    }

    static func trimmed(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
            let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(text[first...last])
    }

    static func checkContactReason(_ reason: String) throws(CareError) {
        if isBlank(reason) { throw .invalid(.emptyContactReason) }
        if reason.utf8.count > contactReasonBytes { throw .invalid(.contactReasonTooLong) }
    }

    static func checkTriageText(_ text: String) throws(CareError) {
        if text.utf8.count > triageTextBytes { throw .invalid(.textTooLong) }
    }

    static func checkMessage(_ text: String) throws(CareError) {
        if isBlank(text) { throw .invalid(.emptyMessage) }
        if text.utf8.count > messageTextBytes { throw .invalid(.messageTooLong) }
    }

    static func checkClientMessageID(_ id: ClientMessageID) throws(CareError) {
        let count = id.rawValue.utf8.count
        if count == 0 || count > clientMessageIDBytes { throw .invalid(.badClientMessageID) }
    }

    static func checkPriority(_ priority: Priority, for kind: VisitKind) throws(CareError) {
        if !kind.priorities.contains(priority.rawValue) { throw .invalid(.priorityOutOfRange) }
    }
}
