import HTTP
import Care
import COpenSSL
import FoundationEssentials
import Server
import Service
import Wire

/// The clinic's HTTP routes: the triage service's priority verdicts and, in demo mode, the
/// demo login (who exists, a token for them). JSON in and out; every refusal has a JSON body.
extension CareApplication {
    static let httpPaths = ["/triage/", "/demo/"]

    func request(_ request: HTTPRequest, responder: HTTPResponder) {
        let demo = clinic.configuration.demo != nil, triage = clinic.configuration.triageKey != nil
        switch (request.method, request.path) {
        case ("POST", "/triage/priority") where triage: self.triage(request, responder)
        case ("GET", "/demo/people") where demo: people(responder)
        case ("POST", "/demo/token") where demo: demoToken(request, responder)
        case (_, "/triage/priority") where triage, (_, "/demo/people") where demo, (_, "/demo/token") where demo:
            responder.respond(Self.problem(405, "method not allowed"))
        default:
            responder.respond(Self.problem(404, "not found"))
        }
    }

    // MARK: Triage

    private struct TriageVerdict: Decodable {
        var visit: String
        var priority: Int
    }

    /// `POST /triage/priority` with `Authorization: Bearer KEY` and `{"visit":…,"priority":…}`:
    /// performed as the system on the visit's owner loop, answered after the commit.
    private func triage(_ request: HTTPRequest, _ responder: HTTPResponder) {
        guard let key = clinic.configuration.triageKey else { return }
        guard let given = request.header("Authorization"), Self.constantTimeEqual(given, "Bearer \(key)") else {
            var reply = Self.problem(401, "a valid triage key is required")
            reply.headers.append(("WWW-Authenticate", "Bearer"))
            return responder.respond(reply)
        }
        guard let verdict = try? JSONDecoder().decode(TriageVerdict.self, from: Data(request.body)),
            !verdict.visit.isEmpty, verdict.visit.utf8.count <= 128
        else { return responder.respond(Self.problem(400, "expected {\"visit\": string, \"priority\": integer}")) }
        let number = nextTriageRequest
        nextTriageRequest &+= 1
        triageRequests[number] = (responder, services.now)
        let visit = VisitID(verdict.visit)
        let forwarded = ForwardedCommand(
            action: .changePriority(visit, to: Priority(verdict.priority)), id: CommandID("triage-\(number)"),
            principal: .system, subscriber: Subscriber(triageRequest: number, loop: services.index))
        router.send(.command(forwarded), toOwnerOf: visit)
    }

    /// The desk's answer to a triage verdict, back on the loop holding the request.
    func triageAnswered(_ number: UInt64, visit: VisitID?, seq: UInt64?, error: ServiceError?) {
        guard let responder = triageRequests.removeValue(forKey: number)?.responder else { return }
        guard let error else {
            struct Answer: Encodable {
                var visit: String
                var seq: UInt64?
            }
            return responder.respond(Self.json(200, Answer(visit: visit?.rawValue ?? "", seq: seq)))
        }
        let status = switch error {
        case .care(.notFound): 404
        case .care(.conflict), .care(.forbidden): 409
        case .care(.invalid): 400
        case .care(.rateLimited), .busy: 503
        case .internal: 500
        }
        responder.respond(Self.problem(status, error.reason ?? error.code, code: error.code))
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return CRYPTO_memcmp(x, y, x.count) == 0
    }

    // MARK: Demo

    private func people(_ responder: HTTPResponder) {
        guard let demo = clinic.configuration.demo else { return }
        struct Person: Encodable {
            var id: String
            var name: String
            var role: String? = nil
            var units: [String]? = nil
        }
        struct People: Encodable {
            var careProvider: Person
            var patients: [Person]
            var staff: [Person]
            var units: [Person]
        }
        let people = People(
            careProvider: Person(id: demo.careProvider.rawValue, name: demo.careProviderName),
            patients: demo.patients.map { Person(id: $0.id.rawValue, name: $0.displayName) },
            staff: demo.staff.map { Person(id: $0.id.rawValue, name: $0.displayName, role: $0.role.rawValue,
                                           units: $0.units.map(\.rawValue).sorted()) },
            units: demo.units.map { Person(id: $0.id.rawValue, name: $0.name) })
        responder.respond(Self.json(200, people))
    }

    private func demoToken(_ request: HTTPRequest, _ responder: HTTPResponder) {
        struct Login: Decodable { var subject: String }
        guard let demo = clinic.configuration.demo,
            let login = try? JSONDecoder().decode(Login.self, from: Data(request.body))
        else { return responder.respond(Self.problem(400, "expected {\"subject\": string}")) }
        let now = instant.millisecondsSinceEpoch / 1000
        guard let claims = demo.claims(for: login.subject, now: now) else {
            return responder.respond(Self.problem(404, "no such demo person"))
        }
        struct Minted: Encodable {
            var token: String
            var expiresAt: Int64
        }
        responder.respond(Self.json(200, Minted(token: clinic.token(claims), expiresAt: claims.exp * 1000)))
    }

    static func problem(_ status: Int, _ message: String, code: String? = nil) -> HTTPReply {
        struct Problem: Encodable {
            var error: String
            var message: String
        }
        return json(status, Problem(error: code ?? String(status), message: message))
    }

    /// A JSON answer (these endpoints are not hot: Foundation's encoder does the escaping).
    static func json(_ status: Int, _ value: some Encodable) -> HTTPReply {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Structs of strings and integers always encode.
        return .json(status, Array((try? encoder.encode(value)) ?? Data("{}".utf8)))
    }
}

extension CareApplication {
    /// A fresh demo store starts with a few waiting visits (created like any patient's).
    func seed(_ demo: DemoClinic) {
        let intake = clinic.configuration.intake
        for sample in demo.waiting {
            guard let patient = demo.patients.first(where: { $0.id == sample.patient }) else { continue }
            let request = DropInRequest(contactReason: sample.reason, text: sample.text, priority: Priority(sample.priority),
                                        resource: intake.resource, careProvider: intake.careProvider)
            desk.createDropIn(request, by: .patient(patient), commandID: nil, replyTo: nil,
                              now: instant.adding(milliseconds: -Int64(sample.minutesAgo) * 60_000))
        }
    }
}
