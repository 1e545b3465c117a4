/// Log format version 1 (migrations 1-6, until issue 23): the whole event, as Swift synthesised
/// `VisitEvent`'s `Codable`, frozen here so old databases still open. Keys come in any order;
/// an enum case is an object holding its associated values by label (`_0` when unlabelled):
///
///     {"visit":"v-1","seq":5,"at":1700000000000,"actor":{"patient":{"_0":"anna"}},
///      "body":{"message":{"clientMessageID":"a-1","text":"Tack"}}}
struct EventV1: Decodable {
    let event: VisitEvent

    enum CodingKeys: String, CodingKey { case visit = "visit", seq = "seq", at = "at", actor = "actor", body = "body" }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        event = VisitEvent(visit: try c.value(.visit), seq: try c.decode(UInt64.self, forKey: .seq), at: try c.instant(.at),
                           actor: try c.decode(PartyV1.self, forKey: .actor).party,
                           body: try c.decode(BodyV1.self, forKey: .body).body)
    }
}
