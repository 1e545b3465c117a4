import Care

/// Log format version 1, captured from the code of migrations 1-6 (Swift's synthesised `Codable`
/// of `VisitEvent` and `Visit`, keys in the order that run wrote them): old databases hold
/// exactly these bytes, and they must keep decoding to the same values.
enum LogFormatV1Goldens {
    /// Seqs 1-10 of `LogFixtures.events`, one per kind (and a message with escapes).
    static let events: [String] = [
        #"{"seq":1,"at":1700000000000,"body":{"created":{"contactReason":"Halsont","text":"Ont i halsen, \"feber\".","careProvider":"norrsken","patient":"anna","kind":"dropIn","priority":3,"resource":{"role":"nurse","careProvider":"norrsken","unit":"vc-lovsta"}}},"actor":{"patient":{"_0":"anna"}},"visit":"visit-1"}"#,
        #"{"actor":{"staff":{"_0":"nurse-1"}},"at":1700000000001,"visit":"visit-1","seq":2,"body":{"accepted":{"by":{"id":"nurse-1","displayName":"Nina Ö","role":"nurse"}}}}"#,
        #"{"seq":3,"at":1700000000002,"body":{"started":{"by":{"displayName":"Nina Ö","id":"nurse-1","role":"nurse"}}},"actor":{"staff":{"_0":"nurse-1"}},"visit":"visit-1"}"#,
        #"{"body":{"message":{"text":"Hej! Jag heter Nina."}},"visit":"visit-1","actor":{"staff":{"_0":"nurse-1"}},"seq":4,"at":1700000000003}"#,
        #"{"seq":5,"at":1700000000004,"visit":"visit-1","actor":{"patient":{"_0":"anna"}},"body":{"message":{"clientMessageID":"a-1","text":"Tack\n\/ \\ \b\f\u0001 ö"}}}"#,
        #"{"at":1700000000005,"seq":6,"visit":"visit-1","actor":{"staff":{"_0":"nurse-1"}},"body":{"priorityChanged":{"from":3,"to":2}}}"#,
        #"{"body":{"ended":{"asyncPhaseDays":3,"chargeForVisit":true,"asyncPhaseEndsAt":1700259200000}},"visit":"visit-1","actor":{"staff":{"_0":"nurse-1"}},"seq":7,"at":1700000000006}"#,
        #"{"seq":8,"at":1700000000007,"visit":"visit-1","actor":{"patient":{"_0":"anna"}},"body":{"message":{"text":"En fråga till","clientMessageID":"a-2"}}}"#,
        #"{"seq":9,"at":1700000000008,"body":{"markedDone":{}},"actor":{"staff":{"_0":"nurse-1"}},"visit":"visit-1"}"#,
        #"{"body":{"closed":{"reason":"asyncPhaseExpired"}},"visit":"visit-1","actor":{"system":{}},"seq":10,"at":1700000000009}"#,
    ]

    /// The hand-written message payload of the same era (`MessagePayload`, keys in a fixed order).
    static let handWrittenMessage =
        #"{"visit":"visit-1","seq":5,"at":1700000000004,"actor":{"patient":{"_0":"anna"}},"body":{"message":{"clientMessageID":"a-1","text":"Tack\n/ \\ \u0008\u000c\u0001 ö"}}}"#

    /// A resource from before the care provider was part of it.
    static let createdWithoutResourceProvider =
        #"{"visit":"visit-1","seq":1,"at":1700000000000,"actor":{"patient":{"_0":"anna"}},"body":{"created":{"kind":"dropIn","patient":"anna","careProvider":"norrsken","resource":{"unit":"vc-lovsta","role":"nurse"},"contactReason":"Halsont","text":"Ont i halsen, \"feber\".","priority":3}}}"#

    /// The visit after seqs 1-2 (accepted), 1-9 (async phase, staff-only seqs, client ids) and 1-10 (closed).
    static let snapshotAfter2 = #"{"text":"Ont i halsen, \"feber\".","responsible":{"id":"nurse-1","role":"nurse","displayName":"Nina Ö"},"patient":"anna","messageSeqs":[],"contactReason":"Halsont","arrivedAt":1700000000000,"state":{"accepted":{"by":"nurse-1"}},"id":"visit-1","resource":{"unit":"vc-lovsta","role":"nurse","careProvider":"norrsken"},"careProvider":"norrsken","lastSeq":2,"kind":"dropIn","priority":3}"#
    static let snapshotAfter9 = #"{"asyncPhaseDays":3,"responsible":{"id":"nurse-1","displayName":"Nina Ö","role":"nurse"},"priority":2,"kind":"dropIn","patient":"anna","arrivedAt":1700000000000,"messageSeqs":[{"author":{"patient":{"_0":"anna"}},"clientMessageID":"a-2"},8,{"author":{"patient":{"_0":"anna"}},"clientMessageID":"a-1"},5],"id":"visit-1","contactReason":"Halsont","staffOnlySeqs":[6,9],"lastSeq":9,"careProvider":"norrsken","text":"Ont i halsen, \"feber\".","asyncInbox":"noActionRequired","endedAt":1700000000006,"state":{"asyncPhase":{"until":1700259200000}},"resource":{"unit":"vc-lovsta","careProvider":"norrsken","role":"nurse"},"lastPatientMessageAt":1700000000007,"chargeForVisit":true}"#
    static let snapshotAfter10 = #"{"id":"visit-1","resource":{"role":"nurse","unit":"vc-lovsta","careProvider":"norrsken"},"patient":"anna","closedAt":1700000000009,"text":"Ont i halsen, \"feber\".","asyncInbox":"ended","kind":"dropIn","arrivedAt":1700000000000,"contactReason":"Halsont","asyncPhaseDays":3,"closingReason":"asyncPhaseExpired","lastPatientMessageAt":1700000000007,"endedAt":1700000000006,"chargeForVisit":true,"lastSeq":10,"priority":2,"staffOnlySeqs":[6,9],"messageSeqs":[{"clientMessageID":"a-2","author":{"patient":{"_0":"anna"}}},8,{"clientMessageID":"a-1","author":{"patient":{"_0":"anna"}}},5],"responsible":{"id":"nurse-1","displayName":"Nina Ö","role":"nurse"},"careProvider":"norrsken","state":{"closed":{}}}"#
}
