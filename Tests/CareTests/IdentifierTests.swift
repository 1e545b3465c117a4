import Care
import FoundationEssentials
import Testing

@Suite struct IdentifierTests {
    @Test func codedAsBareStrings() throws {
        let data = try JSONEncoder().encode([VisitID("v-1")])
        #expect(String(decoding: data, as: UTF8.self) == #"["v-1"]"#)
        #expect(try JSONDecoder().decode([PatientID].self, from: #"["p-1"]"#.data(using: .utf8)!) == ["p-1"])
    }

    @Test func literalsEqualityAndOrder() {
        let a: StaffID = "a"
        #expect(a == StaffID("a") && a == StaffID(rawValue: "a"))
        #expect(UnitID("a") < UnitID("b"))
        #expect(CareProviderID("x").description == "x")
    }
}
