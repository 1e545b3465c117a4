/// Log format version 2 as written: what `LogCodec` writes for `LogFixtures.events` (payloads,
/// seqs 1-10) and for the visit after seq 9. A change here is a new format version.
enum LogFormatV2Goldens {
    static let payloads: [String] = [
        #"{"v":2,"visitKind":"dropIn","patient":"anna","careProvider":"norrsken","resource":{"careProvider":"norrsken","unit":"vc-lovsta","role":"nurse"},"contactReason":"Halsont","text":"Ont i halsen, \"feber\".","priority":3}"#,  // created
        #"{"v":2,"by":{"id":"nurse-1","name":"Nina Ö","role":"nurse"}}"#,  // accepted
        #"{"v":2,"by":{"id":"nurse-1","name":"Nina Ö","role":"nurse"}}"#,  // started
        #"{"v":2,"text":"Hej! Jag heter Nina."}"#,  // message (the welcome: no client id)
        #"{"v":2,"text":"Tack\n/ \\ \b\f\u0001 ö"}"#,  // message (client id a-1 in its column; escapes)
        #"{"v":2,"from":3,"to":2}"#,  // priorityChanged
        #"{"v":2,"asyncPhaseDays":3,"chargeForVisit":true,"asyncPhaseEndsAt":1700259200000}"#,  // ended
        #"{"v":2,"text":"En fråga till"}"#,  // message
        #"{"v":2}"#,  // markedDone
        #"{"v":2,"reason":"asyncPhaseExpired"}"#,  // closed
    ]

    static let snapshotAfter9 =
        #"{"v":2,"id":"visit-1","kind":"dropIn","patient":"anna","careProvider":"norrsken","resource":{"careProvider":"norrsken","unit":"vc-lovsta","role":"nurse"},"contactReason":"Halsont","text":"Ont i halsen, \"feber\".","priority":2,"arrivedAt":1700000000000,"state":"asyncPhase","asyncPhaseUntil":1700259200000,"responsible":{"id":"nurse-1","name":"Nina Ö","role":"nurse"},"endedAt":1700000000006,"asyncPhaseDays":3,"chargeForVisit":true,"asyncInbox":"noActionRequired","lastPatientMessageAt":1700000000007,"lastSeq":9,"staffOnlySeqs":[6,9],"messageSeqs":[{"actor":"patient:anna","clientMessageID":"a-1","seq":5},{"actor":"patient:anna","clientMessageID":"a-2","seq":8}]}"#
}
