import Testing
@testable import Care

/// The staff directory: HSA ids checked, names folded for search, one care provider's part at a
/// time, and a source's mistakes refused with a reason.
@Suite struct StaffDirectoryTests {
    static let norrsken = CareProviderID("norrsken"), solvik = CareProviderID("solvik")

    static func hsa(_ suffix: String, org: String = "5599990008") -> HSAID { HSAID("SE\(org)-\(suffix)")! }

    static func directory() throws -> StaffDirectory {
        let units = [DirectoryUnit(id: "vc-lovsta", name: "Vårdcentralen Lövsta", careProvider: norrsken),
                     DirectoryUnit(id: "na-sodra", name: "Närakuten Södra", careProvider: norrsken)]
        return try StaffDirectory(
            careProviders: [.init(id: norrsken, name: "Vårdbolaget Norrsken", units: units),
                            .init(id: solvik, name: "Solvik Vård", units: [DirectoryUnit(id: "vc-lovsta", name: "Solviks Lövsta", careProvider: solvik)])],
            people: [
                DirectoryPerson(id: "staff-ake", hsaID: hsa("N1"), name: "Åke Strand", careProvider: norrsken, role: .doctor, units: ["vc-lovsta", "na-sodra"]),
                DirectoryPerson(id: "staff-lena", hsaID: hsa("N2"), name: "Lena Holm", careProvider: norrsken, role: .nurse, units: ["na-sodra"]),
                DirectoryPerson(id: "staff-anna", hsaID: hsa("N3"), name: "Anna Berg", careProvider: norrsken, role: .nurse, units: ["vc-lovsta"]),
                DirectoryPerson(id: "staff-ake", hsaID: hsa("S1", org: "2321000016"), name: "Åke Solvik", careProvider: solvik, role: .doctor,
                                units: ["vc-lovsta"]),
            ])
    }

    @Test func hsaIDsHaveTheCatalogueShapeAndACheckDigit() {
        #expect(HSAID("SE5599990008-N0001") != nil)
        #expect(HSAID("SE2321000016-abc9") != nil)
        #expect(HSAID("SE5599990009-N0001") == nil)  // check digit
        #expect(HSAID("SE559999000-N0001") == nil)  // nine digits
        #expect(HSAID("SE5599990008N0001") == nil)
        #expect(HSAID("SE5599990008-") == nil)
        #expect(HSAID("SE5599990008-N 01") == nil)
        #expect(HSAID("SE5599990008-" + String(repeating: "A", count: 33)) == nil)
        #expect(HSAID("se5599990008-N0001") == nil)
        #expect(HSAID("") == nil)
    }

    @Test func foldingLetsPlainLettersFindSwedishOnes() {
        #expect(SearchKey.words("Åke Strand") == ["ake", "strand"])
        #expect(SearchKey.words("Närakuten Södra") == ["narakuten", "sodra"])
        #expect(SearchKey.words("  Björn-Åsa  Ødegård ") == ["bjorn", "asa", "odegard"])
        #expect(SearchKey.matches(query: ["ake"], words: SearchKey.words("Åke Strand")))
        #expect(SearchKey.matches(query: ["str", "ak"], words: SearchKey.words("Åke Strand")))
        #expect(!SearchKey.matches(query: ["ake", "x"], words: SearchKey.words("Åke Strand")))
    }

    @Test func searchFindsNamesAndUnitsByFoldedWordPrefixes() throws {
        let directory = try Self.directory()
        #expect(directory.search("ake", in: Self.norrsken, limit: 10).people.map(\.name) == ["Åke Strand"])
        #expect(directory.search("ÅKE", in: Self.norrsken, limit: 10).people.map(\.name) == ["Åke Strand"])
        #expect(directory.search("sodra", in: Self.norrsken, limit: 10).people.map(\.name) == ["Lena Holm", "Åke Strand"])
        #expect(directory.search("sodra lena", in: Self.norrsken, limit: 10).people.map(\.name) == ["Lena Holm"])
        #expect(directory.search("lovsta", in: Self.norrsken, limit: 10).people.map(\.id) == ["staff-anna", "staff-ake"])
        #expect(directory.search("trand", in: Self.norrsken, limit: 10).people.isEmpty)  // prefixes, not substrings
        #expect(directory.search("  ", in: Self.norrsken, limit: 10).people.isEmpty)
    }

    @Test func searchAndBrowseStayWithinTheCallersCareProvider() throws {
        let directory = try Self.directory()
        #expect(directory.search("ake", in: Self.solvik, limit: 10).people.map(\.name) == ["Åke Solvik"])
        #expect(directory.search("holm", in: Self.solvik, limit: 10).people.isEmpty)
        #expect(directory.person("staff-lena", of: Self.solvik) == nil)
        #expect(directory.person("staff-ake", of: Self.solvik)?.name == "Åke Solvik")
        #expect(directory.units(of: Self.solvik).map(\.name) == ["Solviks Lövsta"])
        #expect(directory.search("ake", in: "nobody", limit: 10).people.isEmpty)
    }

    @Test func searchIsBoundedAndSaysWhenThereWasMore() throws {
        let directory = try Self.directory()
        let one = directory.search("a", in: Self.norrsken, limit: 1)
        #expect(one.people.map(\.name) == ["Anna Berg"] && one.more)
        let all = directory.search("a", in: Self.norrsken, limit: 10)
        #expect(all.people.count == 2 && !all.more)  // Anna, Åke ("a" starts "anna", "ake"; Lena has no a-word)
        #expect(directory.search("a", in: Self.norrsken, limit: 1_000).people.count <= StaffDirectory.maxResults)
    }

    @Test func theTreeIsUnitThenRoleThenPerson() throws {
        let directory = try Self.directory()
        #expect(directory.units(of: Self.norrsken).map(\.name) == ["Närakuten Södra", "Vårdcentralen Lövsta"])
        let roles = directory.roles(in: "na-sodra", of: Self.norrsken)
        #expect(roles.map(\.role) == [.nurse, .doctor] && roles.map(\.people) == [1, 1])
        #expect(directory.people(in: "vc-lovsta", role: .doctor, of: Self.norrsken).map(\.name) == ["Åke Strand"])
        #expect(directory.people(in: "vc-lovsta", role: .midwife, of: Self.norrsken).isEmpty)
        #expect(directory.people(in: "nowhere", role: .nurse, of: Self.norrsken).isEmpty)
    }

    @Test func aSourcesMistakesAreRefusedWithAReason() {
        let unit = DirectoryUnit(id: "u", name: "Enheten", careProvider: Self.norrsken)
        let provider = StaffDirectory.CareProvider(id: Self.norrsken, name: "N", units: [unit])
        func person(_ id: StaffID, _ hsa: String, name: String = "Anna", units: [UnitID] = ["u"], provider: CareProviderID = Self.norrsken) -> DirectoryPerson {
            DirectoryPerson(id: id, hsaID: Self.hsa(hsa), name: name, careProvider: provider, role: .nurse, units: units)
        }
        #expect(throws: DirectoryError.duplicatePerson(Self.norrsken, "a")) {
            try StaffDirectory(careProviders: [provider], people: [person("a", "1"), person("a", "2")])
        }
        #expect(throws: DirectoryError.duplicateHSAID(Self.hsa("1"))) {
            try StaffDirectory(careProviders: [provider], people: [person("a", "1"), person("b", "1")])
        }
        #expect(throws: DirectoryError.unknownUnit("x", person: "a")) {
            try StaffDirectory(careProviders: [provider], people: [person("a", "1", units: ["x"])])
        }
        #expect(throws: DirectoryError.noUnit("a")) {
            try StaffDirectory(careProviders: [provider], people: [person("a", "1", units: [])])
        }
        #expect(throws: DirectoryError.unknownCareProvider("other", person: "a")) {
            try StaffDirectory(careProviders: [provider], people: [person("a", "1", provider: "other")])
        }
        #expect(throws: DirectoryError.badName("a")) {
            try StaffDirectory(careProviders: [provider], people: [person("a", "1", name: " - ")])
        }
        #expect(throws: DirectoryError.duplicateCareProvider(Self.norrsken)) {
            try StaffDirectory(careProviders: [provider, provider], people: [])
        }
    }
}
