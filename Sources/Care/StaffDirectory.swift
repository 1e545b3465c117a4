/// The staff directory: care provider → unit → role → person (the HSA catalogue's shape). A
/// value, loaded whole from a directory source and replaced whole; every read is a lookup in
/// indexes built once here. Staff see only their own care provider's part (colleagues are
/// invited within a care provider).
public struct StaffDirectory: Sendable {
    public struct CareProvider: Hashable, Sendable {
        public var id: CareProviderID
        public var name: String
        public var units: [DirectoryUnit]

        public init(id: CareProviderID, name: String, units: [DirectoryUnit]) {
            self.id = id
            self.name = name
            self.units = units
        }
    }

    /// Bounds on a directory source (a region's catalogue is some tens of thousands of people).
    public static let maxPeople = 500_000
    public static let maxNameBytes = 200

    public static let empty = StaffDirectory(validated: [], people: [])

    let providers: [CareProviderID: Provider]

    struct Provider: Sendable {
        var name: String
        var units: [DirectoryUnit]
        var unitIndex: [UnitID: Int]
        /// By unit, then role: people sorted by name.
        var byUnit: [UnitID: [Role: [Int]]]
        var people: [DirectoryPerson]
        var personIndex: [StaffID: Int]
        /// Every folded word of every person's name and units' names, sorted: a search finds
        /// its candidates by binary search on its longest term.
        var words: [(word: String, person: Int)]
        /// The same words per person (by index in `people`), for a search's other terms.
        var wordsOf: [[String]]
    }

    /// Checks the source's data and builds the indexes: ids unique, HSA ids unique, every
    /// person in at least one unit their care provider has, names present and bounded.
    public init(careProviders: [CareProvider], people: [DirectoryPerson]) throws(DirectoryError) {
        guard people.count <= Self.maxPeople else { throw .tooManyPeople(people.count) }
        var unitsOf: [CareProviderID: Set<UnitID>] = [:], seenHSA = Set<HSAID>()
        for provider in careProviders {
            guard unitsOf[provider.id] == nil else { throw .duplicateCareProvider(provider.id) }
            var unitIDs = Set<UnitID>()
            for unit in provider.units {
                guard unit.careProvider == provider.id, unitIDs.insert(unit.id).inserted else {
                    throw .duplicateUnit(provider.id, unit.id)
                }
                try Self.check(name: unit.name, of: unit.id.rawValue)
            }
            unitsOf[provider.id] = unitIDs
        }
        var ids = Set<QualifiedStaffID>()
        for person in people {
            guard let units = unitsOf[person.careProvider] else {
                throw .unknownCareProvider(person.careProvider, person: person.id)
            }
            guard ids.insert(QualifiedStaffID(careProvider: person.careProvider, staff: person.id)).inserted else {
                throw .duplicatePerson(person.careProvider, person.id)
            }
            guard seenHSA.insert(person.hsaID).inserted else { throw .duplicateHSAID(person.hsaID) }
            guard !person.units.isEmpty else { throw .noUnit(person.id) }
            for unit in person.units where !units.contains(unit) { throw .unknownUnit(unit, person: person.id) }
            try Self.check(name: person.name, of: person.id.rawValue)
        }
        self.init(validated: careProviders, people: people)
    }

    private static func check(name: String, of id: String) throws(DirectoryError) {
        guard !SearchKey.words(name).isEmpty, name.utf8.count <= maxNameBytes else { throw .badName(id) }
    }

    private init(validated careProviders: [CareProvider], people: [DirectoryPerson]) {
        var providers: [CareProviderID: Provider] = [:]
        let byProvider = Dictionary(grouping: people, by: \.careProvider)
        for provider in careProviders {
            let mine = (byProvider[provider.id] ?? []).sorted { ($0.name, $0.id) < ($1.name, $1.id) }
            let units = provider.units.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
            let unitIndex = Dictionary(uniqueKeysWithValues: units.enumerated().map { ($1.id, $0) })
            var byUnit: [UnitID: [Role: [Int]]] = [:]
            let unitWords = units.map { Set(SearchKey.words($0.name)) }  // once per unit, not per person
            var words: [(word: String, person: Int)] = []
            var wordsOf: [[String]] = []
            for (index, person) in mine.enumerated() {
                var own = Set(SearchKey.words(person.name))
                for unit in person.units {
                    byUnit[unit, default: [:]][person.role, default: []].append(index)
                    if let at = unitIndex[unit] { own.formUnion(unitWords[at]) }
                }
                words += own.map { ($0, index) }
                wordsOf.append(own.sorted())
            }
            providers[provider.id] = Provider(
                name: provider.name, units: units, unitIndex: unitIndex, byUnit: byUnit, people: mine,
                personIndex: Dictionary(uniqueKeysWithValues: mine.enumerated().map { ($1.id, $0) }),
                words: words.sorted { ($0.word, $0.person) < ($1.word, $1.person) }, wordsOf: wordsOf)
        }
        self.providers = providers
    }

    // MARK: Reads (one care provider's part)

    public func careProviderName(_ id: CareProviderID) -> String? { providers[id]?.name }

    /// The provider's units, by name.
    public func units(of provider: CareProviderID) -> [DirectoryUnit] { providers[provider]?.units ?? [] }

    public func unit(_ id: UnitID, of provider: CareProviderID) -> DirectoryUnit? {
        guard let part = providers[provider], let index = part.unitIndex[id] else { return nil }
        return part.units[index]
    }

    /// The roles staffed in a unit, in `Role`'s order, with how many people work each.
    public func roles(in unit: UnitID, of provider: CareProviderID) -> [(role: Role, people: Int)] {
        guard let roles = providers[provider]?.byUnit[unit] else { return [] }
        return Role.allCases.compactMap { role in roles[role].map { (role, $0.count) } }
    }

    /// The people working `role` in `unit`, by name.
    public func people(in unit: UnitID, role: Role, of provider: CareProviderID) -> [DirectoryPerson] {
        guard let part = providers[provider] else { return [] }
        return (part.byUnit[unit]?[role] ?? []).map { part.people[$0] }
    }

    public func person(_ id: StaffID, of provider: CareProviderID) -> DirectoryPerson? {
        guard let part = providers[provider], let index = part.personIndex[id] else { return nil }
        return part.people[index]
    }

    public var peopleCount: Int { providers.values.reduce(0) { $0 + $1.people.count } }
}
