import Care
import Testing

@Suite struct PhrasesTests {
    @Test func welcomeNamesTheClinicianAndTheirRole() {
        #expect(
            Phrases.welcome(Fixtures.anna.clinician)
                == "Hej! Jag heter Anna Berg och är sjuksköterska. Hur kan jag hjälpa dig?")
        #expect(
            Phrases.welcome(Clinician(id: "d", displayName: "Doris Lind", role: .doctor))
                == "Hej! Jag heter Doris Lind och är läkare. Hur kan jag hjälpa dig?")
    }

    @Test func remainingDaysInSwedish() {
        #expect(Phrases.remainingDays(7) == "Du kan skriva i besöket 7 dagar till.")
        #expect(Phrases.remainingDays(1) == "Du kan skriva i besöket 1 dag till.")
        #expect(Phrases.remainingDays(0) == "Besöket är avslutat. Du kan inte längre skriva här.")
    }
}
