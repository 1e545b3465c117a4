/// A resource in every version: `careProvider` is missing in logs from before a provider was
/// part of a resource (a visit fills it in from its own).
struct ResourceFormat: Decodable {
    let resource: Resource

    enum CodingKeys: String, CodingKey { case careProvider = "careProvider", unit = "unit", role = "role" }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        resource = Resource(careProvider: try c.optionalValue(.careProvider) ?? CareProviderID(""),
                            unit: try c.value(.unit), role: try c.value(.role))
    }
}
