import Care
import Testing

@Suite struct RoleTests {
    @Test func swedishTitles() {
        #expect(Role.nurse.displayName == "Sjuksköterska")
        #expect(Role.doctor.displayName == "Läkare")
        #expect(Role.administrator.displayName == "Administratör")
        #expect(Role.midwife.displayName == "Barnmorska")
        #expect(Role.administrator.inSentence == "administratör")
    }

    @Test func everyRoleHasAUniqueTitle() {
        #expect(Set(Role.allCases.map(\.displayName)).count == Role.allCases.count)
    }
}
