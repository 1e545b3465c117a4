/// How a visit's log is numbered for its patient. Staff-only events (priority changes, "marked
/// as done") never reach a patient connection, not even as a gap: the patient's stream is the
/// visible events numbered 1, 2, 3, … without holes, so a patient client checks and resumes
/// exactly as staff do, and learns nothing from the count. `hidden` are the visit seqs of the
/// staff-only events so far, ascending (a handful per visit).
public struct PatientNumbering: Hashable, Sendable {
    public let hidden: [UInt64]
    /// The visit's last seq.
    public let lastSeq: UInt64

    public init(hidden: [UInt64], lastSeq: UInt64) {
        self.hidden = hidden
        self.lastSeq = lastSeq
    }

    /// The patient's last seq (what the patient's snapshot says).
    public var patientLastSeq: UInt64 { lastSeq - UInt64(hiddenCount(through: lastSeq)) }

    /// The patient's seq of the visit's event `seq`, or nil when that event is staff-only.
    public func patientSeq(of seq: UInt64) -> UInt64? {
        hidden.contains(seq) ? nil : seq - UInt64(hiddenCount(through: seq))
    }

    /// A visit seq as far as the patient could have read: the last patient-visible event at or
    /// before it (for read marks staff set, shown to the patient).
    public func patientSeq(readingUpTo seq: UInt64) -> UInt64 {
        seq - UInt64(hiddenCount(through: seq))
    }

    /// The visit seq of the patient's `patientSeq`-th event (0 for 0). Past the patient's last
    /// seq it counts on beyond the visit's last seq, so a resume from there is refused as ever.
    public func visitSeq(ofPatientSeq patientSeq: UInt64) -> UInt64 {
        var seq = patientSeq
        for staffOnly in hidden {
            guard staffOnly <= seq else { break }
            // Saturating: a patient seq near UInt64.max is refused later, never trapped on.
            seq = seq == .max ? .max : seq + 1
        }
        return seq
    }

    private func hiddenCount(through seq: UInt64) -> Int {
        var count = 0
        for staffOnly in hidden {
            guard staffOnly <= seq else { break }
            count += 1
        }
        return count
    }
}

extension VisitEvent.Body {
    /// Staff workflow state that never reaches a patient connection (rulings: priority and its
    /// changes, "marked as done").
    public var isStaffOnly: Bool {
        switch self {
        case .priorityChanged, .markedDone: true
        default: false
        }
    }
}

extension Principal {
    /// A seq this principal named (open after, history before, read up to) as the visit's own:
    /// a patient counts in the patient's numbering, everyone else in the visit's.
    public func visitSeq(_ seq: UInt64, of visit: Visit) -> UInt64 {
        if case .patient = self { visit.patientNumbering.visitSeq(ofPatientSeq: seq) } else { seq }
    }
}
