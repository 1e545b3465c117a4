/// `{"patient":{"_0":"anna"}}`, `{"staff":{"_0":"nurse-1"}}`, `{"system":{}}`.
struct PartyV1: Decodable {
    let party: Party

    enum Case: String, CodingKey { case patient = "patient", staff = "staff", system = "system" }
    enum Value: String, CodingKey { case id = "_0" }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Case.self)
        if c.contains(.patient) {
            party = .patient(try c.nestedContainer(keyedBy: Value.self, forKey: .patient).value(.id))
        } else if c.contains(.staff) {
            party = .staff(try c.nestedContainer(keyedBy: Value.self, forKey: .staff).value(.id))
        } else if c.contains(.system) {
            party = .system
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown party"))
        }
    }
}
