import Care
import Service
import Wire

/// The staff directory, answered on the connection's loop: it is one immutable value every loop
/// shares, so nothing is routed. Staff only, and only their own care provider's part.
extension SessionGate {
    func answerDirectory(_ action: ClientCommand.Action, by principal: Principal, id: CommandID, to subscriber: Subscriber) {
        guard case .staff(let staff) = principal else { return publisher.send(.error(.forbidden, id: id), to: subscriber) }
        let directory = clinic.staffDirectory, provider = staff.careProvider
        let event: ServerEvent
        switch action {
        case .searchDirectory(let query, let limit):
            let found = directory.search(query, in: provider, limit: limit)
            event = .directoryPeople(found.people.map { DirectoryView.Person($0, in: directory) }, more: found.more, id: id)
        case .browseDirectory(nil):
            event = .directoryUnits(provider, name: directory.careProviderName(provider) ?? provider.rawValue,
                                    units: DirectoryView.units(of: provider, in: directory), id: id)
        case .browseDirectory(let level?):
            let people = directory.people(in: level.unit, role: level.role, of: provider)
            event = .directoryPeople(people.map { DirectoryView.Person($0, in: directory) }, more: false, id: id)
        case .lookupDirectory(let ids):
            var seen = Set<StaffID>()
            let people = ids.filter { seen.insert($0).inserted }.compactMap { directory.person($0, of: provider) }
            event = .directoryPeople(people.map { DirectoryView.Person($0, in: directory) }, more: false, id: id)
        default:
            return
        }
        publisher.send(event, to: subscriber)
    }
}
