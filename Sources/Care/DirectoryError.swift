/// Why a directory source's data was refused (the server does not start on a bad file).
public enum DirectoryError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooManyPeople(Int)
    case duplicateCareProvider(CareProviderID)
    case duplicateUnit(CareProviderID, UnitID)
    case unknownCareProvider(CareProviderID, person: StaffID)
    case duplicatePerson(CareProviderID, StaffID)
    case duplicateHSAID(HSAID)
    case noUnit(StaffID)
    case unknownUnit(UnitID, person: StaffID)
    case badName(String)
    /// The source itself could not be read or parsed (file, JSON).
    case unreadable(String)

    public var description: String {
        switch self {
        case .tooManyPeople(let count): "\(count) people; at most \(StaffDirectory.maxPeople)"
        case .duplicateCareProvider(let id): "care provider \(id) is listed twice"
        case .duplicateUnit(let provider, let unit): "unit \(unit) of \(provider) is listed twice (or under another provider)"
        case .unknownCareProvider(let provider, let person): "\(person) belongs to unknown care provider \(provider)"
        case .duplicatePerson(let provider, let person): "\(person) of \(provider) is listed twice"
        case .duplicateHSAID(let id): "HSA id \(id) is listed twice"
        case .noUnit(let person): "\(person) works in no unit"
        case .unknownUnit(let unit, let person): "\(person) works in unknown unit \(unit)"
        case .badName(let id): "\(id): the name is empty or longer than \(StaffDirectory.maxNameBytes) bytes"
        case .unreadable(let reason): reason
        }
    }
}
