import Care
import Testing

/// The patient's gap-free numbering of a visit whose log holds staff-only events.
@Suite struct PatientNumberingTests {
    // Visit seqs 1...9; 3 and 6, 7 are staff-only. Patient seqs: 1 2 - 3 4 - - 5 6.
    let numbering = PatientNumbering(hidden: [3, 6, 7], lastSeq: 9)

    @Test func visibleEventsAreNumberedWithoutGaps() {
        #expect((1...9).map { numbering.patientSeq(of: UInt64($0)) } == [1, 2, nil, 3, 4, nil, nil, 5, 6])
        #expect(numbering.patientLastSeq == 6)
    }

    @Test func patientSeqsMapBackToTheVisitsOwn() {
        #expect((0...6).map { numbering.visitSeq(ofPatientSeq: UInt64($0)) } == [0, 1, 2, 4, 5, 8, 9])
        // Past the patient's last seq it counts on past the visit's (a resume from there reloads).
        #expect(numbering.visitSeq(ofPatientSeq: 7) == 10)
        #expect(numbering.visitSeq(ofPatientSeq: .max) == .max)
    }

    @Test func readMarksAtHiddenEventsShowAsTheLastVisibleOne() {
        #expect(numbering.patientSeq(readingUpTo: 7) == 4)
        #expect(numbering.patientSeq(readingUpTo: 9) == 6)
        #expect(numbering.patientSeq(readingUpTo: 0) == 0)
    }

    @Test func aVisitRecordsItsStaffOnlyEvents() throws {
        var s = try Scenario()
        try s.run(.changePriority(to: 2), by: .anna)
        try s.startedByAnna()
        try s.run(.end(asyncPhaseDays: 3, chargeForVisit: false), by: .anna)
        try s.run(.sendMessage(clientMessageID: "p-1", text: "En fråga till"), by: .pia)
        try s.run(.markDone, by: .anna)
        let numbering = s.visit.patientNumbering
        #expect(numbering.hidden == [2, s.visit.lastSeq])
        #expect(numbering.patientLastSeq == s.visit.lastSeq - 2)
    }
}
