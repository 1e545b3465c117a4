/// `{"id":"nurse-1","name":"Nina","role":"nurse"}` (the wire's names).
struct ClinicianV2: Decodable {
    let clinician: Clinician

    enum CodingKeys: String, CodingKey { case id = "id", name = "name", role = "role" }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        clinician = Clinician(id: try c.value(.id), displayName: try c.decode(String.self, forKey: .name), role: try c.value(.role))
    }
}
