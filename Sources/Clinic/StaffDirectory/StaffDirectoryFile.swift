import Care
import FoundationEssentials
import Posix

/// A staff directory in a JSON file (the format is in docs/protocol.md, "Staff directory"):
///
///     {"careProviders": [{"id": "norrsken", "name": "Vårdbolaget Norrsken",
///       "units": [{"id": "vc-bjorkdalen", "name": "Vårdcentralen Björkdalen"}],
///       "people": [{"id": "staff-anna", "hsaId": "SE5599990007-N0001", "name": "Anna Berg",
///                   "role": "nurse", "units": ["vc-bjorkdalen"]}]}]}
public struct StaffDirectoryFile: StaffDirectorySource {
    public let path: String
    /// Largest file read (a region's catalogue export is a few MiB).
    public static let maxBytes = 64 << 20

    public init(path: String) {
        self.path = path
    }

    struct Document: Decodable {
        var careProviders: [Provider]
    }

    struct Provider: Decodable {
        var id: String
        var name: String
        var units: [Unit]
        var people: [Person]
    }

    struct Unit: Decodable {
        var id: String
        var name: String
    }

    struct Person: Decodable {
        var id: String
        var hsaId: String
        var name: String
        var role: String
        var units: [String]
    }

    public func load() throws(DirectoryError) -> StaffDirectory {
        guard let bytes = FileSystem.read(path, limit: Self.maxBytes) else {
            throw .unreadable("\(path): cannot read it (missing, not a file, or over \(Self.maxBytes >> 20) MiB)")
        }
        return try Self.parse(bytes, name: path)
    }

    /// The directory in `bytes`; `name` says where they came from in errors.
    public static func parse(_ bytes: [UInt8], name: String) throws(DirectoryError) -> StaffDirectory {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(bytes))
        } catch {
            throw .unreadable("\(name): not a staff directory: \(error)")
        }
        var providers: [StaffDirectory.CareProvider] = [], people: [DirectoryPerson] = []
        for provider in document.careProviders {
            let id = CareProviderID(provider.id)
            guard !provider.id.isEmpty else { throw .unreadable("\(name): a care provider without id") }
            providers.append(StaffDirectory.CareProvider(
                id: id, name: provider.name,
                units: provider.units.map { DirectoryUnit(id: UnitID($0.id), name: $0.name, careProvider: id) }))
            for person in provider.people {
                guard let hsa = HSAID(person.hsaId) else {
                    throw .unreadable("\(name): \(person.id): \"\(person.hsaId)\" is not an HSA id (SE + organisation number + - + suffix)")
                }
                guard let role = Role(rawValue: person.role) else {
                    throw .unreadable("\(name): \(person.id): unknown role \"\(person.role)\"")
                }
                guard !person.id.isEmpty else { throw .unreadable("\(name): a person without id") }
                people.append(DirectoryPerson(id: StaffID(person.id), hsaID: hsa, name: person.name, careProvider: id,
                                              role: role, units: person.units.map(UnitID.init)))
            }
        }
        return try StaffDirectory(careProviders: providers, people: people)
    }
}
