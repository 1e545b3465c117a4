import Care
import Testing
@testable import Clinic

/// The staff directory's JSON file (`--staff-directory`) and the demo's own directory.
@Suite struct StaffDirectoryFileTests {
    static let valid = """
        {"careProviders": [{"id": "norrsken", "name": "Vårdbolaget Norrsken",
          "units": [{"id": "vc-lovsta", "name": "Vårdcentralen Lövsta"}],
          "people": [{"id": "staff-ake", "hsaId": "SE5599990008-N0005", "name": "Åke Strand", "role": "doctor",
                      "units": ["vc-lovsta"]}]}]}
        """

    static func parse(_ text: String) throws(DirectoryError) -> StaffDirectory {
        try StaffDirectoryFile.parse(Array(text.utf8), name: "test.json")
    }

    @Test func aValidFileLoads() throws {
        let directory = try Self.parse(Self.valid)
        #expect(directory.person("staff-ake", of: "norrsken")?.hsaID.rawValue == "SE5599990008-N0005")
        #expect(directory.careProviderName("norrsken") == "Vårdbolaget Norrsken")
        #expect(directory.search("ake", in: "norrsken", limit: 5).people.count == 1)
    }

    @Test func mistakesNameTheFileAndThePerson() {
        let cases: [(String, String)] = [
            (Self.valid.replacing("N0005", with: ""), "not an HSA id"),
            (Self.valid.replacing("\"doctor\"", with: "\"surgeon\""), "unknown role \"surgeon\""),
            (Self.valid.replacing("[\"vc-lovsta\"]", with: "[\"vc-x\"]"), "unknown unit vc-x"),
            ("{\"careProviders\": 3}", "test.json: not a staff directory"),
            ("", "test.json: not a staff directory"),
        ]
        for (text, expected) in cases {
            do {
                _ = try Self.parse(text)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.description.contains(expected), "\(error)")
            }
        }
    }

    @Test func aMissingFileIsUnreadable() {
        #expect(throws: DirectoryError.self) { try StaffDirectoryFile(path: "/nonexistent/staff.json").load() }
    }

    @Test func theDemoClinicIsItsOwnDirectory() throws {
        let demo = DemoClinic.standard
        let directory = try demo.load()
        #expect(directory.peopleCount == demo.staff.count)
        for member in demo.staff {
            #expect(directory.person(member.id, of: demo.careProvider)?.name == member.displayName)
        }
        #expect(directory.search("ake", in: demo.careProvider, limit: 5).people.map(\.name) == ["Åke Strand"])
        #expect(directory.search("sodra", in: demo.careProvider, limit: 5).people.map(\.name) == ["Lena Holm", "Åke Strand"])
    }
}
