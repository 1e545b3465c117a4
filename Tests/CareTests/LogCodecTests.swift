import Care
import Testing

/// The log format (docs/log-format.md): old rows and snapshots decode, new ones round-trip, and
/// the bytes written are pinned per kind.
@Suite struct LogCodecTests {
    @Test func versionOneEventsDecodeWithTheirColumns() throws {
        for (event, payload) in zip(LogFixtures.events, LogFormatV1Goldens.events) {
            #expect(try LogCodec.event(LogFixtures.record(event, payload: payload)) == event)
        }
        let message = LogFixtures.events[4]
        #expect(try LogCodec.event(LogFixtures.record(message, payload: LogFormatV1Goldens.handWrittenMessage)) == message)
        let created = try LogCodec.event(LogFixtures.record(LogFixtures.events[0], payload: LogFormatV1Goldens.createdWithoutResourceProvider))
        guard case .created(_, _, _, let resource, _, _, _) = created.body else { Issue.record("not created"); return }
        #expect(resource == Resource(careProvider: "", unit: "vc-lovsta", role: .nurse))
    }

    @Test func aVersionOnePayloadMustAgreeWithItsColumns() {
        var record = LogFixtures.record(LogFixtures.events[3], payload: LogFormatV1Goldens.events[3])
        record.seq = 5
        #expect(throws: LogFormatError.self) { try LogCodec.event(record) }
    }

    @Test func versionOneSnapshotsDecode() throws {
        let goldens = [2: LogFormatV1Goldens.snapshotAfter2, 9: LogFormatV1Goldens.snapshotAfter9, 10: LogFormatV1Goldens.snapshotAfter10]
        for (count, snapshot) in goldens {
            let visit = try LogCodec.visit(snapshot: Array(snapshot.utf8))
            #expect(visit == (try Visit.replay(LogFixtures.events.prefix(count))))
        }
        let asyncPhase = try LogCodec.visit(snapshot: Array(LogFormatV1Goldens.snapshotAfter9.utf8))
        #expect(asyncPhase.recordedSeq(of: "a-2", by: .patient("anna")) == 8)
        #expect(asyncPhase.patientNumbering.hidden == [6, 9])
    }

    @Test func everyKindRoundTrips() throws {
        #expect(Set(LogFixtures.events.map(\.body.kind)) == Set(EventKind.allCases))
        for event in LogFixtures.events {
            let record = LogCodec.record(event)
            #expect(record.payload.starts(with: Array(#"{"v":2"#.utf8)))
            #expect(try LogCodec.event(record) == event)
        }
    }

    @Test func aWholeScenarioRoundTripsAndItsSnapshotToo() throws {
        let s = try Scenario.closedAfterItsAsyncPhase()
        let decoded = try s.log.map { event in try LogCodec.event(LogCodec.record(event)) }
        #expect(decoded == s.log)
        for count in 1...s.log.count {
            let visit = try Visit.replay(s.log.prefix(count))
            #expect(try LogCodec.visit(snapshot: LogCodec.snapshot(visit)) == visit)
        }
    }

    @Test func theBytesArePinnedPerKind() {
        #expect(LogFormatV2Goldens.payloads.count == LogFixtures.events.count)
        for (event, golden) in zip(LogFixtures.events, LogFormatV2Goldens.payloads) {
            #expect(String(decoding: LogCodec.record(event).payload, as: UTF8.self) == golden)
        }
        let record = LogCodec.record(LogFixtures.events[4])
        #expect(record.actor == "patient:anna" && record.kind == "message" && record.clientMessageID == "a-1")
    }

    @Test func theSnapshotBytesArePinned() throws {
        let visit = try Visit.replay(LogFixtures.events.prefix(9))
        #expect(String(decoding: LogCodec.snapshot(visit), as: UTF8.self) == LogFormatV2Goldens.snapshotAfter9)
    }

    @Test func aNewerVersionIsRefusedNotMisread() {
        let record = LogFixtures.record(LogFixtures.events[3], payload: #"{"v":3,"text":"Hej"}"#)
        #expect(throws: LogFormatError.self) { try LogCodec.event(record) }
        #expect(throws: LogFormatError.self) { try LogCodec.visit(snapshot: Array(#"{"v":3}"#.utf8)) }
    }

    @Test func aRequiredFieldMissingIsDamage() {
        let record = LogFixtures.record(LogFixtures.events[5], payload: #"{"v":2,"from":3}"#)
        #expect(throws: LogFormatError.self) { try LogCodec.event(record) }
    }
}
