/// `{"displayName":"Nina","id":"nurse-1","role":"nurse"}`.
struct ClinicianV1: Decodable {
    let clinician: Clinician

    enum CodingKeys: String, CodingKey { case id = "id", displayName = "displayName", role = "role" }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        clinician = Clinician(id: try c.value(.id), displayName: try c.decode(String.self, forKey: .displayName),
                              role: try c.value(.role))
    }
}
